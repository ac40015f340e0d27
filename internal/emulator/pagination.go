package emulator

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
)

const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// paging is a validated page request.
type paging struct {
	page, size int
	total      bool
}

// newPaging validates the page, pageSize and pageTotal query parameters.
func newPaging(page, size *int, total *bool) (paging, error) {
	p := paging{page: 1, size: defaultPageSize, total: total != nil && *total}
	if page != nil {
		if *page < 1 {
			return p, fieldError("page", strconv.Itoa(*page), nil, "page must be 1 or more (pages are numbered from 1)")
		}
		p.page = *page
	}
	if size != nil {
		if *size < 1 || *size > maxPageSize {
			return p, fieldError("pageSize", strconv.Itoa(*size), nil, "pageSize must be between 1 and %d", maxPageSize)
		}
		p.size = *size
	}
	return p, nil
}

func (p paging) limit() int { return p.size }

// offset is the number of items before the page. It saturates instead of overflowing, so a
// page number too far past the end for its offset to be an integer is an empty page, like
// every page past the end.
func (p paging) offset() int {
	if p.page-1 > math.MaxInt/p.size {
		return math.MaxInt
	}
	return (p.page - 1) * p.size
}

// pages builds the envelope's pages object for a list of n items in all.
func (p paging) pages(n int) api.Pages {
	out := api.Pages{Current: p.page, Size: p.size, MaxSize: maxPageSize}
	if p.total {
		totalPages := (n + p.size - 1) / p.size
		out.Total = &totalPages
		out.Items = &n
	}
	return out
}

// pagingRangeError explains a page or pageSize that is a whole number too large (or too
// small) to be held in an integer, which the generated wrapper refuses as "not an integer".
func pagingRangeError(name, value string) (string, bool) {
	if name != "page" && name != "pageSize" {
		return "", false
	}
	_, err := strconv.ParseInt(value, 10, strconv.IntSize)
	var numErr *strconv.NumError
	if !errors.As(err, &numErr) || !errors.Is(numErr.Err, strconv.ErrRange) {
		return "", false
	}
	if name == "pageSize" {
		return fmt.Sprintf("pageSize must be between 1 and %d (got %q)", maxPageSize, value), true
	}
	return fmt.Sprintf("page must be a whole number from 1 to %d (got %q); a page past the end of the list is empty", math.MaxInt, value), true
}
