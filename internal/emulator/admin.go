package emulator

import (
	"net"
)

// Admin performs out-of-band operations, as a person working in the Sophos Central Partner
// console or in the PSA would. Operations on partner data apply to one partner: the
// primary partner for Emulator.Admin, another one through ForPartner.
type Admin struct {
	e         *Emulator
	partnerID string
}

// ForPartner returns the admin operations on another partner's data.
func (a *Admin) ForPartner(partnerID string) *Admin {
	return &Admin{e: a.e, partnerID: partnerID}
}

// isLoopbackRemote reports whether a request's remote address is a loopback address.
func isLoopbackRemote(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// adminDataRoutes registers the admin routes that change partner data.
func (e *Emulator) adminDataRoutes(handle adminRoute) {
	_ = handle
}
