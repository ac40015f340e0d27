package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// productReleases records, for one provider process (one terraform command), the product
// mappings this apply is taking off their PSA product: a mapping's delete, or an update that
// points it at another product. A ConnectWise product cannot be deleted while a Sophos
// product is mapped to it (409). When the configuration names the product by a literal id
// (generated configuration does), Terraform does not know the mapping must go first and
// runs both deletes at once; the product's delete then waits here for the mappings this
// same run is removing instead of failing on whichever request lands first. Nothing is
// written before the mappings are gone, so a wait that ends without them leaves the
// product as it was, with the usual error. See DESIGN.md ("A product and its mappings
// destroyed in one run").
type productReleases struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever a release starts or ends
	state   map[releaseKey]releaseState
}

type releaseKey struct {
	psa           api.Psa
	sophosProduct string
}

type releaseState int

const (
	releaseRunning releaseState = iota + 1
	releaseDone
	releaseFailed
)

// releaseAnnounceWait is how long a product's delete waits for a blocking mapping to start
// its release in this process: Terraform starts independent operations together, but a
// loaded machine or a full -parallelism queue can delay one. A mapping whose release has
// started is waited for until it ends (its own request budget bounds it).
const releaseAnnounceWait = 30 * time.Second

func newProductReleases() *productReleases {
	return &productReleases{changed: make(chan struct{}), state: map[releaseKey]releaseState{}}
}

// start records that the mapping of sophosProduct in psa is being taken off its product;
// the returned function records how that ended.
func (p *productReleases) start(psa api.Psa, sophosProduct string) (end func(ok bool)) {
	if p == nil {
		return func(bool) {}
	}
	key := releaseKey{psa, productKey(sophosProduct)}
	p.set(key, releaseRunning)
	return func(ok bool) {
		if ok {
			p.set(key, releaseDone)
		} else {
			p.set(key, releaseFailed)
		}
	}
}

func (p *productReleases) set(key releaseKey, s releaseState) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state[key] = s
	close(p.changed)
	p.changed = make(chan struct{})
}

// awaitReleased waits until every ConnectWise mapping in blocking (Sophos products; only
// ConnectWise has products of its own) has been taken off its product by this process. It
// returns false as soon as one cannot be: its release failed, or it did not start within
// announce. A release that ended well returns true even if a fresh read still finds the
// mapping (someone mapped it again): the caller's bounded retries decide then. A nil
// receiver waits for nothing.
func (p *productReleases) awaitReleased(ctx context.Context, blocking []string, announce time.Duration) bool {
	if p == nil {
		return false
	}
	deadline := time.NewTimer(announce)
	defer deadline.Stop()
	expired := false
	for {
		changed, pending, unannounced, failed := p.look(api.PsaConnectwise, blocking)
		switch {
		case failed, unannounced && expired:
			return false
		case !pending && !unannounced:
			return true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		case <-deadline.C:
			expired = true
		}
	}
}

// look reports the releases of the mappings in blocking: whether one is still running, one
// has not started, one failed; and the channel closed at the next change.
func (p *productReleases) look(psa api.Psa, blocking []string) (changed <-chan struct{}, pending, unannounced, failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, sp := range blocking {
		switch p.state[releaseKey{psa, productKey(sp)}] {
		case releaseRunning:
			pending = true
		case releaseDone:
			// Released, yet the caller saw it blocking: its fresh read decides again.
		case releaseFailed:
			failed = true
		default:
			unannounced = true
		}
	}
	return p.changed, pending, unannounced, failed
}

// releaseAttempts bounds the deletes of a product after its mappings were released: a
// mapping released and mapped again by someone else must not keep the delete looping.
const releaseAttempts = 3

// deleteAfterReleases deletes ConnectWise product id once the product mappings that block
// it (blocked, a 409 of the integration or the run's listing, blockedByMappings) are
// released by this same apply, reading them afresh before each attempt: ConnectWise's own
// API, which knows nothing of Sophos's mappings, would delete a product they still point
// at. It returns blocked, or the last delete's error, when a blocking mapping is not being
// released here.
func (r *connectWiseProductResource) deleteAfterReleases(ctx context.Context, id int64, ifMatch string, blocked error) error {
	err := blocked
	for range releaseAttempts {
		mappings, lerr := r.client.ListProductMappings(ctx, api.PsaConnectwise)
		if lerr != nil {
			return err
		}
		var blocking []string
		for _, m := range mappings {
			if m.Mapped && m.PsaProductId != nil && *m.PsaProductId == id {
				blocking = append(blocking, m.SophosProduct)
			}
		}
		if len(blocking) > 0 {
			tflog.Debug(ctx, "ConnectWise product still mapped; waiting for this apply to remove its mappings", map[string]any{"id": id, "mapped_from": blocking})
			if !r.releases.awaitReleased(ctx, blocking, releaseAnnounceWait) {
				return &stillMappedError{sophosProducts: blocking}
			}
			continue // read them again: released, or mapped again by someone else
		}
		if err = r.catalog().deleteProduct(ctx, id, ifMatch); !blockedByMappings(err) {
			return err
		}
	}
	return err
}

// deleteUnlessMapped deletes product id, unless, where the directory's delete would not
// refuse it itself, the run's listing of the product mappings has Sophos products mapped to
// it (stillMappedError).
func (r *connectWiseProductResource) deleteUnlessMapped(ctx context.Context, id int64, ifMatch string) error {
	if r.catalog().refusesMappedDeletes() {
		return r.catalog().deleteProduct(ctx, id, ifMatch)
	}
	mapped, err := r.mappedTo(ctx, id)
	if err != nil {
		return err
	}
	if len(mapped) > 0 {
		return &stillMappedError{sophosProducts: mapped}
	}
	return r.catalog().deleteProduct(ctx, id, ifMatch)
}

// stillMappedError is a product deletion not sent because Sophos products are mapped to it.
type stillMappedError struct{ sophosProducts []string }

func (e *stillMappedError) Error() string {
	return fmt.Sprintf("Sophos products %s are mapped to it", api.QuotedList(e.sophosProducts))
}

// blockedByMappings reports a deletion refused because Sophos products are mapped to the
// product: by the run's listing, or by the integration's 409 (other than ProductInUse).
func blockedByMappings(err error) bool {
	var mapped *stillMappedError
	return errors.As(err, &mapped) || (isConflict(err) && !isProductInUse(err))
}
