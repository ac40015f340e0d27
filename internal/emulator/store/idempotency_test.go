package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestIdempotentRecordsWithTheWrite: a keyed write's answer is recorded in the write's own
// transaction and replayed without running the write again; an answer not to record (a
// 5xx) leaves the write committed and the key free; a failing write leaves nothing.
func TestIdempotentRecordsWithTheWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, "")
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	key := IdempotencyKey{PartnerID: partner, Method: "PUT", Path: "/x", Key: "k1"}
	runs := 0
	write := func(id string, record bool, fail error) func(Q) (Answer, bool, error) {
		return func(q Q) (Answer, bool, error) {
			runs++
			if err := q.InsertPartner(ctx, id, "P"); err != nil {
				return Answer{}, false, err
			}
			return Answer{Status: 200, ETag: `"1"`, ContentType: "application/json", Body: []byte(`{"id":"` + id + `"}`)}, record, fail
		}
	}
	exists := func(id string) bool {
		t.Helper()
		ok, err := s.Q().PartnerExists(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	if prior, err := s.Idempotent(ctx, key, "hash-1", now, time.Hour, write("p1", true, nil)); err != nil || prior != nil {
		t.Fatalf("first write: %+v, %v", prior, err)
	}
	prior, err := s.Idempotent(ctx, key, "hash-2", now.Add(time.Minute), time.Hour, write("p1-again", true, nil))
	if err != nil || prior == nil || prior.RequestHash != "hash-1" || string(prior.Body) != `{"id":"p1"}` || prior.ETag != `"1"` || !prior.CreatedAt.Equal(now) {
		t.Fatalf("repeat: %+v, %v", prior, err)
	}
	if runs != 1 || !exists("p1") || exists("p1-again") {
		t.Fatalf("the repeat ran the write (%d runs)", runs)
	}
	// Past the window the key is free again.
	if prior, err := s.Idempotent(ctx, key, "hash-3", now.Add(2*time.Hour), time.Hour, write("p2", true, nil)); err != nil || prior != nil || !exists("p2") {
		t.Fatalf("after the window: %+v, %v", prior, err)
	}

	other := IdempotencyKey{PartnerID: partner, Method: "PUT", Path: "/x", Key: "k2"}
	if _, err := s.Idempotent(ctx, other, "h", now, time.Hour, write("p3", false, nil)); err != nil || !exists("p3") {
		t.Fatalf("an answer not recorded: the write is committed (%v)", err)
	}
	if prior, err := s.Idempotent(ctx, other, "h", now, time.Hour, write("p4", true, nil)); err != nil || prior != nil || !exists("p4") {
		t.Fatalf("the key of an answer not recorded is free: %+v, %v", prior, err)
	}

	failed := errors.New("failed")
	third := IdempotencyKey{PartnerID: partner, Method: "PUT", Path: "/x", Key: "k3"}
	if _, err := s.Idempotent(ctx, third, "h", now, time.Hour, write("p5", true, failed)); !errors.Is(err, failed) || exists("p5") {
		t.Fatalf("a failing write: %v, committed %v", err, exists("p5"))
	}
	if prior, err := s.Idempotent(ctx, third, "h", now, time.Hour, write("p6", true, nil)); err != nil || prior != nil {
		t.Fatalf("a failing write recorded its key: %+v, %v", prior, err)
	}
}
