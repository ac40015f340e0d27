package web

import (
	"fmt"
	"strings"
)

// ETag formats an object's version as its ETag.
func ETag(version int64) string { return fmt.Sprintf("%q", fmt.Sprint(version)) }

// CheckIfMatch enforces an If-Match header against the current version. what names the
// object in the message.
func CheckIfMatch(ifMatch *string, version int64, what string) error {
	if ifMatch == nil || *ifMatch == "" {
		return nil
	}
	current := ETag(version)
	for _, candidate := range strings.Split(*ifMatch, ",") {
		c := strings.TrimSpace(candidate)
		c = strings.TrimPrefix(c, "W/")
		if c == "*" || c == current || c == strings.Trim(current, `"`) {
			return nil
		}
	}
	return PreconditionFailed("%s changed since it was read (If-Match %s, current ETag %s); read it again and reapply the change", what, *ifMatch, current)
}
