package store

import "context"

// Window is the part of a list one page shows: Limit items after the first Offset.
type Window struct {
	Limit, Offset int
}

// Page is one page of a list and the number of items of the whole list.
type Page[T any] struct {
	Items []T
	Total int
}

// listPage is the one way a list is read: it counts the rows query selects, then reads the
// window's rows in order, each with scan, both in one transaction, so the count and the page
// agree even while writes go on. query is a SELECT without ORDER BY; args are its
// parameters.
func listPage[T any](ctx context.Context, q Q, query, orderBy string, args []any, w Window, scan func(scanner) (T, error)) (Page[T], error) {
	page := Page[T]{Items: []T{}}
	err := q.Tx(ctx, func(q Q) error {
		n, err := count(ctx, q, "SELECT COUNT(*) FROM ("+query+")", args...)
		if err != nil {
			return err
		}
		page.Total = n
		if q.s.afterCount != nil {
			q.s.afterCount()
		}
		items, err := collect(ctx, q, scan, query+" ORDER BY "+orderBy+" LIMIT ? OFFSET ?", append(args, w.Limit, w.Offset)...)
		if items != nil {
			page.Items = items
		}
		return err
	})
	return page, err
}
