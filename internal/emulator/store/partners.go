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

// PartnerName reads a partner's name; ErrNotFound when there is no such partner.
func (q Q) PartnerName(ctx context.Context, id string) (string, error) {
	var name string
	err := q.q.QueryRowContext(ctx, "SELECT name FROM partners WHERE id = ?", id).Scan(&name)
	return name, notFound(err)
}
