// Package store is the emulator's database: every SQL statement of the emulator, in files
// named for their table or intent, over one embedded SQLite database (modernc.org/sqlite, no
// cgo). The API rooms, the seed loader and the usage-sync pass call its intent-named
// functions on a Q and never see SQL or database/sql. One helper (page.go) reads every list
// page; the idempotency layer's transaction is the store's own (idempotency.go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// ErrNotFound is what a read of one row returns when there is no such row.
var ErrNotFound = errors.New("not found")

// Store is the emulator's database. All access goes through one connection, which keeps an
// in-memory database alive and serialises writers.
type Store struct {
	db *sql.DB
	// keyedWrites serialises writes with an Idempotency-Key, so a key is checked, applied
	// and recorded atomically.
	keyedWrites sync.Mutex
	// afterCount, when set (by tests), runs between the count and the page query of a list.
	afterCount func()
}

// Open opens (creating if needed) the database and applies pending migrations. path ""
// opens a private in-memory database; a file is opened in WAL mode.
func Open(ctx context.Context, path string) (*Store, error) {
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
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Q is what reads and writes outside a request's transaction run on: the database.
func (s *Store) Q() Q { return Q{s: s, q: s.db} }

// Ping checks that the store can serve now: that its only connection can be had before ctx
// ends and answers a query.
func (s *Store) Ping(ctx context.Context) error {
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

// Hold takes the database's only connection until release is called, as a long transaction
// would: whatever needs the database meanwhile waits (the health check's test uses it).
func (s *Store) Hold(ctx context.Context) (release func() error, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return conn.Close, nil
}

// JournalMode is the database's journal mode ("wal" for a file, "memory" in memory).
func (s *Store) JournalMode(ctx context.Context) (string, error) {
	var mode string
	err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	return mode, err
}

// Q runs the store's statements: on the database, or inside one of its transactions. Its
// zero value is not usable; get one from Store.Q or Q.Tx.
type Q struct {
	s  *Store
	q  querier
	tx *sql.Tx // nil outside a transaction
}

// Tx runs fn in a transaction, committing when fn returns nil. Inside a transaction it runs
// fn in a savepoint of it instead, rolled back to when fn fails, so a request's writes can
// commit together with what its caller writes (the idempotency layer's record).
func (q Q) Tx(ctx context.Context, fn func(Q) error) (err error) {
	if q.tx != nil {
		return savepoint(ctx, q, fn)
	}
	tx, err := q.s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := fn(Q{s: q.s, q: tx, tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// savepoint runs fn inside q's transaction, undoing its writes when it fails.
func savepoint(ctx context.Context, q Q, fn func(Q) error) error {
	if _, err := q.tx.ExecContext(ctx, "SAVEPOINT nested"); err != nil {
		return fmt.Errorf("beginning a savepoint: %w", err)
	}
	if err := fn(q); err != nil {
		_, rollbackErr := q.tx.ExecContext(ctx, "ROLLBACK TO nested")
		_, releaseErr := q.tx.ExecContext(ctx, "RELEASE nested")
		if rollbackErr != nil || releaseErr != nil {
			return errors.Join(err, rollbackErr, releaseErr)
		}
		return err
	}
	if _, err := q.tx.ExecContext(ctx, "RELEASE nested"); err != nil {
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

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// collect reads every row of a query with scan.
func collect[T any](ctx context.Context, q Q, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, v)
	}
	return out, errors.Join(rows.Err(), rows.Close())
}

// scanString reads a one-column text row.
func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}

// execOne runs a statement that changes one row; ErrNotFound when it changed none.
func (q Q) execOne(ctx context.Context, stmt string, args ...any) error {
	res, err := q.q.ExecContext(ctx, stmt, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// count runs a COUNT query.
func count(ctx context.Context, q Q, query string, args ...any) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// InTx runs fn in a transaction of q (see Q.Tx) and returns its value once committed.
func InTx[T any](ctx context.Context, q Q, fn func(Q) (T, error)) (T, error) {
	var out T
	err := q.Tx(ctx, func(q Q) error {
		var err error
		out, err = fn(q)
		return err
	})
	return out, err
}
