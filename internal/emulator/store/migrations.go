package store

import (
	"context"
	"fmt"
	"slices"
)

// migrations returns the schema migrations, applied in order; PRAGMA user_version records
// how many ran. Never edit a released migration: append a new one.
func migrations() []string {
	return append([]string{
		// 1: initial schema.
		`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE partners (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL
);
CREATE TABLE credentials (
	client_id     TEXT PRIMARY KEY,
	client_secret TEXT NOT NULL,
	id_type       TEXT NOT NULL,
	partner_id    TEXT,
	tenant_id     TEXT,
	position      INTEGER NOT NULL
);
CREATE TABLE tokens (
	token      TEXT PRIMARY KEY,
	client_id  TEXT NOT NULL REFERENCES credentials(client_id) ON DELETE CASCADE,
	issued_at  INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);
CREATE TABLE tenants (
	id             TEXT PRIMARY KEY,
	partner_id     TEXT NOT NULL REFERENCES partners(id),
	name           TEXT NOT NULL,
	name_fold      TEXT NOT NULL,
	show_as        TEXT NOT NULL,
	billing_type   TEXT NOT NULL,
	data_region    TEXT NOT NULL,
	data_geography TEXT NOT NULL,
	status         TEXT NOT NULL
);
CREATE INDEX tenants_by_partner ON tenants(partner_id, name_fold, id);
CREATE TABLE sophos_products (
	identifier TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL,
	has_usage  INTEGER NOT NULL
);
CREATE TABLE integrations (
	partner_id          TEXT NOT NULL REFERENCES partners(id),
	psa                 TEXT NOT NULL,
	name                TEXT NOT NULL,
	status              TEXT NOT NULL,
	site_url            TEXT NOT NULL,
	connected_at        INTEGER,
	usage_sync_schedule TEXT NOT NULL,
	last_usage_sync_at  INTEGER,
	PRIMARY KEY (partner_id, psa)
);
CREATE TABLE cw_reference (
	partner_id TEXT NOT NULL REFERENCES partners(id),
	kind       TEXT NOT NULL,
	id         INTEGER NOT NULL,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL,
	parent_id  INTEGER,
	position   INTEGER NOT NULL,
	PRIMARY KEY (partner_id, kind, id)
);
CREATE TABLE psa_products (
	id                       INTEGER PRIMARY KEY,
	partner_id               TEXT NOT NULL REFERENCES partners(id),
	psa                      TEXT NOT NULL,
	identifier               TEXT NOT NULL,
	identifier_fold          TEXT NOT NULL,
	description              TEXT NOT NULL,
	description_fold         TEXT NOT NULL,
	customer_description     TEXT NOT NULL,
	subcategory_id           INTEGER,
	type_id                  INTEGER,
	uom_id                   INTEGER,
	product_class            TEXT NOT NULL,
	price                    REAL NOT NULL,
	cost                     REAL NOT NULL,
	taxable                  INTEGER NOT NULL,
	inactive                 INTEGER NOT NULL,
	manufacturer_part_number TEXT NOT NULL,
	vendor_sku               TEXT NOT NULL,
	notes                    TEXT NOT NULL,
	integration_xref         TEXT NOT NULL,
	version                  INTEGER NOT NULL,
	created_at               INTEGER NOT NULL,
	updated_at               INTEGER NOT NULL,
	UNIQUE (partner_id, psa, identifier_fold)
);
CREATE TABLE companies (
	id         INTEGER PRIMARY KEY,
	partner_id TEXT NOT NULL REFERENCES partners(id),
	psa        TEXT NOT NULL,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL,
	identifier TEXT NOT NULL
);
CREATE INDEX companies_by_partner ON companies(partner_id, psa, name_fold, id);
CREATE TABLE contracts (
	id         INTEGER PRIMARY KEY,
	partner_id TEXT NOT NULL REFERENCES partners(id),
	psa        TEXT NOT NULL,
	company_id INTEGER NOT NULL,
	name       TEXT NOT NULL,
	name_fold  TEXT NOT NULL,
	status     TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date   TEXT
);
CREATE INDEX contracts_by_partner ON contracts(partner_id, psa, name_fold, id);
CREATE INDEX contracts_by_company ON contracts(company_id);
CREATE TABLE product_mappings (
	partner_id     TEXT NOT NULL REFERENCES partners(id),
	psa            TEXT NOT NULL,
	sophos_product TEXT NOT NULL REFERENCES sophos_products(identifier),
	psa_product_id INTEGER,
	sync_enabled   INTEGER NOT NULL,
	version        INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (partner_id, psa, sophos_product)
);
CREATE INDEX product_mappings_by_product ON product_mappings(psa_product_id);
CREATE TABLE customer_mappings (
	partner_id       TEXT NOT NULL REFERENCES partners(id),
	psa              TEXT NOT NULL,
	customer_id      TEXT NOT NULL REFERENCES tenants(id),
	company_id       INTEGER,
	company_name     TEXT,
	contract_id      INTEGER,
	contract_name    TEXT,
	usage_sync       INTEGER NOT NULL,
	ticket_sync      INTEGER NOT NULL,
	version          INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	last_sync_status TEXT,
	last_sync_at     INTEGER,
	last_sync_error  TEXT,
	PRIMARY KEY (partner_id, psa, customer_id)
);
CREATE INDEX customer_mappings_by_target ON customer_mappings(partner_id, psa, company_id, contract_id);
CREATE TABLE idempotency (
	partner_id   TEXT NOT NULL,
	method       TEXT NOT NULL,
	path         TEXT NOT NULL,
	key          TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status       INTEGER NOT NULL,
	etag         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	body         BLOB NOT NULL,
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (partner_id, method, path, key)
);
CREATE INDEX idempotency_by_age ON idempotency(created_at);
CREATE TABLE sync_results (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	partner_id  TEXT NOT NULL,
	psa         TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	company_id  INTEGER NOT NULL,
	contract_id INTEGER,
	status      TEXT NOT NULL,
	error       TEXT NOT NULL,
	at          INTEGER NOT NULL
);
`,
		// 2: id high-water marks, so the id of a deleted product, company or contract is never
		// handed out again (an old id must answer 404, not name a new object). One row per
		// table and PSA, named "<table>/<psa>"; triggers keep it at the largest id ever stored,
		// whichever way the row was added (seed, API, admin, synthesis).
		`
CREATE TABLE id_sequences (
	name    TEXT PRIMARY KEY,
	last_id INTEGER NOT NULL
);
INSERT INTO id_sequences(name, last_id) SELECT 'psa_products/' || psa, MAX(id) FROM psa_products GROUP BY psa;
INSERT INTO id_sequences(name, last_id) SELECT 'companies/' || psa, MAX(id) FROM companies GROUP BY psa;
INSERT INTO id_sequences(name, last_id) SELECT 'contracts/' || psa, MAX(id) FROM contracts GROUP BY psa;
CREATE TRIGGER psa_products_id_sequence AFTER INSERT ON psa_products BEGIN
	INSERT INTO id_sequences(name, last_id) VALUES('psa_products/' || NEW.psa, NEW.id)
		ON CONFLICT(name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;
CREATE TRIGGER companies_id_sequence AFTER INSERT ON companies BEGIN
	INSERT INTO id_sequences(name, last_id) VALUES('companies/' || NEW.psa, NEW.id)
		ON CONFLICT(name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;
CREATE TRIGGER contracts_id_sequence AFTER INSERT ON contracts BEGIN
	INSERT INTO id_sequences(name, last_id) VALUES('contracts/' || NEW.psa, NEW.id)
		ON CONFLICT(name) DO UPDATE SET last_id = max(last_id, excluded.last_id);
END;
`,
	}, slices.Concat(integrationMigrations(), connectWiseMigrations(), autotaskMigrations(), usageSyncWriteMigrations())...)
}

// usageSyncWriteMigrations are the schema migrations of the usage sync's writes into the
// PSAs (issue 20): which agreement additions the sync wrote, so that it updates its own and
// leaves the others alone, and the PSA lines each run wrote for each customer.
func usageSyncWriteMigrations() []string {
	return []string{`
ALTER TABLE cw_additions ADD COLUMN usage_sync INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_results ADD COLUMN psa_lines TEXT NOT NULL DEFAULT '[]';
CREATE INDEX autotask_contract_services_by_contract ON autotask_contract_services(contract_id, service_id, id);
CREATE INDEX autotask_contract_service_units_by_service ON autotask_contract_service_units(contract_service_id, start_date);
`}
}

// integrationMigrations are the schema migrations of PSA connections, the usage-sync
// schedule and history and the Partner Billing API, applied after the core ones.
func integrationMigrations() []string {
	return []string{`
ALTER TABLE integrations ADD COLUMN login TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE integrations ADD COLUMN secret_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN status_error TEXT NOT NULL DEFAULT '';
ALTER TABLE integrations ADD COLUMN credentials_updated_at INTEGER;
ALTER TABLE integrations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE integrations ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE integrations ADD COLUMN usage_sync_day INTEGER;
ALTER TABLE integrations ADD COLUMN schedule_updated_at INTEGER;
CREATE TABLE psa_api_users (
	partner_id  TEXT NOT NULL,
	psa         TEXT NOT NULL,
	login       TEXT NOT NULL,
	settings    TEXT NOT NULL,
	secret_hash TEXT NOT NULL,
	PRIMARY KEY (partner_id, psa, login)
);
ALTER TABLE sophos_products ADD COLUMN invoice_only INTEGER NOT NULL DEFAULT 0;
CREATE TABLE billing_products (
	code           TEXT PRIMARY KEY,
	sku            TEXT NOT NULL,
	description    TEXT NOT NULL,
	product_group  TEXT NOT NULL,
	unit_price     REAL NOT NULL,
	sophos_product TEXT REFERENCES sophos_products(identifier)
);
CREATE TABLE billing_settings (
	partner_id  TEXT PRIMARY KEY REFERENCES partners(id),
	since       TEXT NOT NULL,
	distributor TEXT NOT NULL
);
CREATE TABLE billing_usage (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	partner_id    TEXT NOT NULL REFERENCES partners(id),
	customer_id   TEXT,
	serial_number TEXT NOT NULL,
	product_code  TEXT NOT NULL REFERENCES billing_products(code),
	quantity      REAL NOT NULL,
	months        TEXT NOT NULL
);
CREATE INDEX billing_usage_by_partner ON billing_usage(partner_id, id);
CREATE TABLE sync_runs (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	partner_id  TEXT NOT NULL,
	psa         TEXT NOT NULL,
	trigger     TEXT NOT NULL,
	status      TEXT NOT NULL,
	month       TEXT NOT NULL,
	error       TEXT NOT NULL,
	synced      INTEGER NOT NULL,
	failed      INTEGER NOT NULL,
	started_at  INTEGER NOT NULL,
	finished_at INTEGER NOT NULL
);
CREATE INDEX sync_runs_by_psa ON sync_runs(partner_id, psa, id);
ALTER TABLE sync_results ADD COLUMN run_id INTEGER;
ALTER TABLE sync_results ADD COLUMN company_name TEXT;
ALTER TABLE sync_results ADD COLUMN contract_name TEXT;
ALTER TABLE sync_results ADD COLUMN lines TEXT NOT NULL DEFAULT '[]';
CREATE INDEX sync_results_by_run ON sync_results(run_id);
`,
		// Who last wrote a mapping or a product (the contract's updatedBy; writers.go).
		`
ALTER TABLE customer_mappings ADD COLUMN updated_by TEXT;
ALTER TABLE product_mappings ADD COLUMN updated_by TEXT;
ALTER TABLE psa_products ADD COLUMN updated_by TEXT;
UPDATE customer_mappings SET updated_by = 'console';
UPDATE product_mappings SET updated_by = 'console';
`}
}

// migrate applies the migrations the database has not seen yet, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	all := migrations()
	if version > len(all) {
		return fmt.Errorf("database schema version %d is newer than this emulator (%d); use a newer emulator or a fresh database", version, len(all))
	}
	for i := version; i < len(all); i++ {
		err := s.Q().Tx(ctx, func(q Q) error {
			if _, err := q.q.ExecContext(ctx, all[i]); err != nil {
				return err
			}
			_, err := q.q.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("applying migration %d: %w", i+1, err)
		}
	}
	return nil
}
