package store

import (
	"context"
	"errors"
	"strings"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

// Tables whose ids NextID hands out.
const (
	TablePSAProducts = "psa_products"
	TableCompanies   = "companies"
	TableContracts   = "contracts"
)

// idBase is where the ids of a PSA start: ConnectWise after 100, Autotask after 29680000.
func idBase(psa api.Psa) int64 {
	if psa == api.PsaAutotask {
		return 29680000
	}
	return 100
}

// NextID returns a new id for a row of table (TablePSAProducts, TableCompanies or
// TableContracts) in the range of a PSA: one more than the largest id the table has ever
// held for that PSA, so the id of a deleted object is never handed out again. id_sequences
// keeps those high-water marks (see migration 2). Ids are unique across PSAs too: when the
// next id runs into ids the other PSA has used, it continues after every id the table has
// ever held.
func (q Q) NextID(ctx context.Context, table string, psa api.Psa) (int64, error) {
	rows, err := q.q.QueryContext(ctx, "SELECT name, last_id FROM id_sequences WHERE substr(name, 1, ?) = ?", len(table)+1, table+"/")
	if err != nil {
		return 0, err
	}
	marks := map[api.Psa]int64{}
	var highest int64
	for rows.Next() {
		var (
			name string
			last int64
		)
		if err := rows.Scan(&name, &last); err != nil {
			_ = rows.Close()
			return 0, err
		}
		marks[api.Psa(strings.TrimPrefix(name, table+"/"))] = last
		highest = max(highest, last)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, err
	}
	id := max(idBase(psa), marks[psa]) + 1
	clash := false
	for _, other := range api.PSAs() {
		if other != psa && id > idBase(other) && id <= marks[other] {
			clash = true
		}
	}
	if !clash {
		// A seed may give the other PSA ids anywhere.
		taken, err := q.idTaken(ctx, table, id)
		if err != nil {
			return 0, err
		}
		clash = taken
	}
	if clash {
		id = highest + 1
	}
	return id, nil
}

// idTaken reports whether a row of table has id.
func (q Q) idTaken(ctx context.Context, table string, id int64) (bool, error) {
	//nolint:gosec // table is one of a fixed set of names chosen by the caller
	n, err := count(ctx, q, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id)
	return n > 0, err
}
