package store

// The schema migrations of the vendor rooms, applied after the core and integration ones
// (migrations.go).

// connectWiseMigrations are the schema migrations of the ConnectWise room: who last wrote a
// catalog item and its manufacturer, the recycle bin of companies, and agreement additions.
func connectWiseMigrations() []string {
	return []string{`
ALTER TABLE psa_products ADD COLUMN manufacturer_id INTEGER;
ALTER TABLE psa_products ADD COLUMN member_updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN deleted_at INTEGER;
ALTER TABLE companies ADD COLUMN deleted_by TEXT NOT NULL DEFAULT '';
CREATE TABLE cw_additions (
	id                  INTEGER PRIMARY KEY,
	partner_id          TEXT NOT NULL REFERENCES partners(id),
	agreement_id        INTEGER NOT NULL,
	product_id          INTEGER NOT NULL,
	bill_customer       TEXT NOT NULL,
	quantity            REAL NOT NULL,
	less_included       REAL NOT NULL,
	unit_price          REAL NOT NULL,
	unit_cost           REAL NOT NULL,
	description         TEXT NOT NULL,
	invoice_description TEXT NOT NULL,
	taxable             INTEGER NOT NULL,
	effective_date      TEXT,
	cancelled_date      TEXT,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	updated_by          TEXT NOT NULL
);
CREATE INDEX cw_additions_by_agreement ON cw_additions(agreement_id, id);
CREATE INDEX cw_additions_by_product ON cw_additions(product_id);
`}
}

// autotaskMigrations are the schema migrations of the Autotask room (issue 19): the Autotask
// side of the shared rows (a contract's type, a company's isActive, a product as a service or
// service bundle) and Autotask's own tables: picklists, bundles' services, contract services
// and their units.
func autotaskMigrations() []string {
	return []string{`
ALTER TABLE contracts ADD COLUMN contract_type INTEGER;
ALTER TABLE companies ADD COLUMN inactive INTEGER NOT NULL DEFAULT 0;
CREATE TABLE autotask_picklists (
	partner_id   TEXT NOT NULL REFERENCES partners(id),
	entity       TEXT NOT NULL,
	field        TEXT NOT NULL,
	value        TEXT NOT NULL,
	label        TEXT NOT NULL,
	is_active    INTEGER NOT NULL,
	is_default   INTEGER NOT NULL,
	is_system    INTEGER NOT NULL,
	sort_order   INTEGER NOT NULL,
	parent_value TEXT NOT NULL,
	PRIMARY KEY (partner_id, entity, field, value)
);
CREATE TABLE autotask_services (
	product_id  INTEGER PRIMARY KEY REFERENCES psa_products(id) ON DELETE CASCADE,
	period_type INTEGER
);
CREATE TABLE autotask_service_bundles (
	bundle_id  INTEGER NOT NULL REFERENCES psa_products(id) ON DELETE CASCADE,
	service_id INTEGER NOT NULL,
	PRIMARY KEY (bundle_id, service_id)
);
CREATE TABLE autotask_contract_services (
	id                   INTEGER PRIMARY KEY,
	partner_id           TEXT NOT NULL REFERENCES partners(id),
	contract_id          INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
	service_id           INTEGER NOT NULL,
	unit_price           REAL,
	unit_cost            REAL,
	adjusted_price       REAL,
	invoice_description  TEXT,
	internal_description TEXT
);
CREATE INDEX autotask_contract_services_by_partner ON autotask_contract_services(partner_id, id);
CREATE TABLE autotask_contract_service_units (
	id                  INTEGER PRIMARY KEY,
	partner_id          TEXT NOT NULL REFERENCES partners(id),
	contract_service_id INTEGER NOT NULL REFERENCES autotask_contract_services(id) ON DELETE CASCADE,
	units               REAL NOT NULL,
	start_date          TEXT NOT NULL,
	end_date            TEXT NOT NULL,
	price               REAL,
	cost                REAL
);
CREATE INDEX autotask_contract_service_units_by_partner ON autotask_contract_service_units(partner_id, id);
`}
}
