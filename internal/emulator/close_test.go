package emulator

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// TestCloseDoesNotWaitForUnusedConnections opens a connection that never sends a
// request (as HTTP clients do when they dial ahead) and checks that Close shuts down
// cleanly, closing that connection, instead of running into its shutdown deadline.
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
	// Wait until the server has registered the connection, so Close has one to drop.
	for e.freshConns() == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n, err := conn.Read(make([]byte, 1)); err == nil || n != 0 {
		t.Fatalf("the unused connection is still open after Close (read %d bytes, err %v)", n, err)
	}
}
