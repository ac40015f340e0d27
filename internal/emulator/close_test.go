package emulator

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// TestCloseDoesNotWaitForUnusedConnections opens a connection that never sends a
// request (as HTTP clients do when they dial ahead) and checks that Close returns promptly
// and cleanly.
func TestCloseDoesNotWaitForUnusedConnections(t *testing.T) {
	t.Parallel()
	e, err := Start(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the server see the connection
	start := time.Now()
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Close took %v with an unused connection open", d)
	}
}
