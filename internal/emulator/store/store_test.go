package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

const partner = "b71c074a-9d89-4b99-b0ef-cce79ab55989"

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestNestedTxIsASavepoint runs Tx inside a transaction: a failing fn's writes are undone, a
// succeeding fn's writes stay, and both commit (or not) with the outer transaction.
func TestNestedTxIsASavepoint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, "")
	failed := errors.New("nope")
	err := s.Q().Tx(ctx, func(outer Q) error {
		if err := outer.Tx(ctx, func(q Q) error {
			if err := q.setMeta(ctx, "undone", "1"); err != nil {
				return err
			}
			return failed
		}); err != failed { //nolint:errorlint // the very error must come back
			t.Fatalf("failing fn: err = %v", err)
		}
		return outer.Tx(ctx, func(q Q) error { return q.setMeta(ctx, "kept", "1") })
	})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"undone": "", "kept": "1"} {
		if got, err := s.Q().metaValue(ctx, key); err != nil || got != want {
			t.Errorf("meta %s = %q, %v; want %q", key, got, err, want)
		}
	}
}

// TestListPageIsOneSnapshot checks that a list counts and reads its page in one
// transaction: between the two queries the only database connection stays taken, so no
// write can land in between and make the total disagree with the items.
func TestListPageIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	s := open(t, "")
	q := s.Q()
	if err := q.InsertPartner(ctx, partner, "P"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"b", "a", "c"} {
		if err := q.InsertTenant(ctx, partner, Tenant{ID: name, Name: name, ShowAs: name, BillingType: "usage", DataRegion: "eu01", Status: "active"}); err != nil {
			t.Fatal(err)
		}
	}
	inUse := -1
	s.afterCount = func() { inUse = s.db.Stats().InUse }
	page, err := q.ListTenants(ctx, partner, Window{Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if inUse != 1 {
		t.Fatalf("%d connections in use between the count and the page query, want 1 (the transaction's)", inUse)
	}
	if page.Total != 3 || len(page.Items) != 2 || page.Items[0].Name != "b" || page.Items[1].Name != "c" {
		t.Fatalf("page = %+v", page)
	}
	// A page past the end is empty, not null.
	page, err = q.ListTenants(ctx, partner, Window{Limit: 2, Offset: 10})
	if err != nil || page.Items == nil || len(page.Items) != 0 || page.Total != 3 {
		t.Fatalf("page past the end = %+v, %v", page, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "future.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(context.Background(), "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "newer than this emulator") {
		t.Fatalf("err = %v", err)
	}
}

// TestIDMarksMigration opens a database of schema version 1 (no id marks yet): the marks
// start at the largest ids the tables hold, per PSA.
func TestIDMarksMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		migrations()[0],
		"PRAGMA user_version = 1",
		"INSERT INTO partners(id, name) VALUES('" + partner + "', 'P')",
		`INSERT INTO psa_products(id, partner_id, psa, identifier, identifier_fold, description, description_fold, customer_description,
			product_class, price, cost, taxable, inactive, manufacturer_part_number, vendor_sku, notes, integration_xref, version, created_at, updated_at)
			VALUES(150, '` + partner + `', 'connectwise', 'X', 'x', 'X', 'x', 'X', 'NonInventory', 0, 0, 0, 0, '', '', '', '', 1, 0, 0)`,
		"INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier) VALUES(29682050, '" + partner + "', 'autotask', 'C', 'c', '')",
		"INSERT INTO companies(id, partner_id, psa, name, name_fold, identifier) VALUES(300, '" + partner + "', 'connectwise', 'C', 'c', '')",
		"INSERT INTO contracts(id, partner_id, psa, company_id, name, name_fold, status, start_date) VALUES(700, '" + partner + "', 'connectwise', 300, 'K', 'k', 'active', '2024-01-01')",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	q := open(t, path).Q()
	for _, tc := range []struct {
		table string
		psa   api.Psa
		want  int64
	}{
		{TablePSAProducts, api.PsaConnectwise, 151},
		{TablePSAProducts, api.PsaAutotask, 29680001},
		{TableCompanies, api.PsaConnectwise, 301},
		{TableCompanies, api.PsaAutotask, 29682051},
		{TableContracts, api.PsaConnectwise, 701},
	} {
		got, err := q.NextID(ctx, tc.table, tc.psa)
		if err != nil || got != tc.want {
			t.Errorf("NextID(%s, %s) = %d, %v; want %d", tc.table, tc.psa, got, err, tc.want)
		}
	}
	// Deleting the newest row does not lower the mark.
	if err := q.DeleteProduct(ctx, 150); err != nil {
		t.Fatal(err)
	}
	if got, err := q.NextID(ctx, TablePSAProducts, api.PsaConnectwise); err != nil || got != 151 {
		t.Fatalf("after deleting 150: NextID = %d, %v; want 151", got, err)
	}
}
