// Package admin is the emulator's room for the out-of-band admin API (/_emulator/...) and
// its Go twin, Admin: what a person working in the Sophos Central Partner console or in the
// PSA would change, and the emulator's own controls (faults, counters, synthetic data). It
// uses the PSA Integration room's lookups and steps (connect, disconnect, the schedule), so
// the console and the API change the same things the same way, minus the API's rules.
package admin

import (
	"context"
	"strings"
	"time"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/psaintegration"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/web"
)

// Admin performs out-of-band operations, as a person working in the Sophos Central Partner
// console or in the PSA would. They skip the API's rules (only existence is checked) and
// return *web.StatusError for problems. Operations on partner data apply to one partner:
// the primary partner for Emulator.Admin, another one through ForPartner.
type Admin struct {
	st        *store.Store
	now       func() time.Time
	partnerID string
}

// New is the admin operations on partnerID's data in st, at the clock now.
func New(st *store.Store, now func() time.Time, partnerID string) *Admin {
	return &Admin{st: st, now: now, partnerID: partnerID}
}

// ForPartner returns the admin operations on another partner's data.
func (a *Admin) ForPartner(partnerID string) *Admin {
	return &Admin{st: a.st, now: a.now, partnerID: strings.ToLower(partnerID)}
}

// tx runs fn in a transaction after checking psa.
func (a *Admin) tx(psa api.Psa, fn func(ctx context.Context, q store.Q) error) error {
	if err := psaintegration.CheckPSAValue(psa); err != nil {
		return err
	}
	return a.write(func(ctx context.Context, q store.Q) error { return fn(ctx, q) })
}

// write runs fn in a transaction.
func (a *Admin) write(fn func(ctx context.Context, q store.Q) error) error {
	ctx := context.Background()
	return a.st.Q().Tx(ctx, func(q store.Q) error { return fn(ctx, q) })
}

// ts is the time of a change, as the store keeps it.
func (a *Admin) ts() int64 { return a.now().UnixNano() }

// requirePartner fails with 404 unless the partner exists.
func (a *Admin) requirePartner(ctx context.Context, q store.Q) error {
	ok, err := q.PartnerExists(ctx, a.partnerID)
	if err != nil {
		return err
	}
	if !ok {
		return web.NotFound("there is no partner %s", a.partnerID)
	}
	return nil
}
