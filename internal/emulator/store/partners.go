package store

import "context"

// InsertPartner stores a partner account.
func (q Q) InsertPartner(ctx context.Context, id, name string) error {
	_, err := q.q.ExecContext(ctx, "INSERT INTO partners(id, name) VALUES(?, ?)", id, name)
	return err
}

// PartnerExists reports whether there is a partner with id.
func (q Q) PartnerExists(ctx context.Context, id string) (bool, error) {
	n, err := count(ctx, q, "SELECT COUNT(*) FROM partners WHERE id = ?", id)
	return n > 0, err
}
