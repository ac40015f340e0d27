package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
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
	}, integrationMigrations()...)
}

// store is the emulator's database. All access goes through one connection, which keeps an
// in-memory database alive and serialises writers.
type store struct {
	db *sql.DB
}

// openStore opens (creating if needed) the database and applies pending migrations.
// path "" opens a private in-memory database.
func openStore(ctx context.Context, path string) (*store, error) {
	var dsn string
	if path == "" {
		dsn = "file::memory:?_pragma=foreign_keys(1)"
	} else {
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath() +
			"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &store{db: db}
	if err := s.migrate(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

func (s *store) close() error { return s.db.Close() }

// ping checks that the store can serve now: that its only connection can be had before ctx
// ends and answers a query.
func (s *store) ping(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("waiting for the database connection: %w", err)
	}
	defer func() { _ = conn.Close() }()
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("querying the database: %w", err)
	}
	return nil
}

// migrate applies the migrations the database has not seen yet, each in its own transaction.
func (s *store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("reading schema version: %w", err)
	}
	all := migrations()
	if version > len(all) {
		return fmt.Errorf("database schema version %d is newer than this emulator (%d); use a newer emulator or a fresh database", version, len(all))
	}
	for i := version; i < len(all); i++ {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, all[i]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("applying migration %d: %w", i+1, err)
		}
	}
	return nil
}

// ambientTxKey is the context key of a transaction that store.tx joins instead of starting
// its own (see withTx).
type ambientTxKey struct{}

// withTx makes store.tx calls under ctx run inside tx (each in a savepoint), so a caller can
// commit a handler's writes together with its own, as the idempotency layer does with its
// record.
func withTx(ctx context.Context, tx *sql.Tx) context.Context {
	return context.WithValue(ctx, ambientTxKey{}, tx)
}

// q is what reads under ctx should use: the ambient transaction if there is one (the only
// connection is busy with it), else the database.
func (s *store) q(ctx context.Context) querier {
	if tx, ok := ctx.Value(ambientTxKey{}).(*sql.Tx); ok {
		return tx
	}
	return s.db
}

// tx runs fn in a transaction, committing when fn returns nil. Under a context from withTx it
// runs fn in a savepoint of that transaction instead, rolled back to when fn fails.
func (s *store) tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if tx, ok := ctx.Value(ambientTxKey{}).(*sql.Tx); ok {
		return savepoint(ctx, tx, fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// savepoint runs fn inside tx, undoing its writes when it fails.
func savepoint(ctx context.Context, tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT nested"); err != nil {
		return fmt.Errorf("beginning a savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		_, rollbackErr := tx.ExecContext(ctx, "ROLLBACK TO nested")
		_, releaseErr := tx.ExecContext(ctx, "RELEASE nested")
		if rollbackErr != nil || releaseErr != nil {
			return errors.Join(err, rollbackErr, releaseErr)
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE nested"); err != nil {
		return fmt.Errorf("releasing a savepoint: %w", err)
	}
	return nil
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// metaValue reads a value of the meta table; "" when absent.
func metaValue(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func setMeta(ctx context.Context, q querier, key, value string) error {
	_, err := q.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
