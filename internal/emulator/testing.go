package emulator

import (
	"context"
	"errors"
)

// TB is the part of testing.TB that StartForTest needs. It is declared here so that the emulator,
// and so its command, does not link the testing package; *testing.T, *testing.B and
// *testing.F satisfy it.
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
}

// StartForTest starts an emulator with opts for the duration of a test and closes it when
// the test and its subtests end. It is the one way tests start an emulator: the emulator's
// own tests, the client's, the provider's and internal/testharness all call it.
//
// A Close that ran into its shutdown deadline (context.DeadlineExceeded) is logged, not
// failed: it means a client still had a request in flight when the test ended (a test that
// gave up on a stalled request, or an HTTP client of the provider that Terraform left
// behind), and the emulator then closed those connections forcibly, which is what it is
// for. Whatever the test asserted was asserted before that. Connections that never carried
// a request do not cause it (Close drops them at once), and the tests of Close itself call
// Close directly. Any other error from Close fails the test.
func StartForTest(tb TB, opts Options) *Emulator {
	tb.Helper()
	e, err := Start(context.Background(), opts)
	if err != nil {
		tb.Fatalf("starting the emulator: %v", err)
		return nil
	}
	tb.Cleanup(func() {
		switch err := e.Close(); {
		case err == nil:
		case errors.Is(err, context.DeadlineExceeded):
			tb.Logf("the emulator closed connections still in use when the test ended: %v", err)
		default:
			tb.Errorf("closing the emulator: %v", err)
		}
	})
	return e
}
