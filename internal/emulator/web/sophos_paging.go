package web

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/psa-iac/terraform-provider-sophos/internal/api"
	"github.com/psa-iac/terraform-provider-sophos/internal/emulator/store"
)

// The page parameters of Sophos Central's lists (page, pageSize, pageTotal) and their
// envelope (api.Pages), which the Sophos Central room and the PSA Integration room share.

const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// Paging is a validated page request.
type Paging struct {
	page, size int
	total      bool
}

// NewPaging validates the page, pageSize and pageTotal query parameters.
func NewPaging(page, size *int, total *bool) (Paging, error) {
	p := Paging{page: 1, size: defaultPageSize, total: total != nil && *total}
	if page != nil {
		if *page < 1 {
			return p, FieldError("page", strconv.Itoa(*page), nil, "page must be 1 or more (pages are numbered from 1)")
		}
		p.page = *page
	}
	if size != nil {
		if *size < 1 || *size > maxPageSize {
			return p, FieldError("pageSize", strconv.Itoa(*size), nil, "pageSize must be between 1 and %d", maxPageSize)
		}
		p.size = *size
	}
	return p, nil
}

// Window is the part of the list the page shows. Its offset saturates instead of
// overflowing, so a page number too far past the end for its offset to be an integer is an
// empty page, like every page past the end.
func (p Paging) Window() store.Window {
	offset := math.MaxInt
	if p.page-1 <= math.MaxInt/p.size {
		offset = (p.page - 1) * p.size
	}
	return store.Window{Limit: p.size, Offset: offset}
}

// Pages builds the envelope's pages object for a list of n items in all.
func (p Paging) Pages(n int) api.Pages {
	out := api.Pages{Current: p.page, Size: p.size, MaxSize: maxPageSize}
	if p.total {
		totalPages := (n + p.size - 1) / p.size
		out.Total = &totalPages
		out.Items = &n
	}
	return out
}

// PagingRangeError explains a page or pageSize that is a whole number too large (or too
// small) to be held in an integer, which the generated wrapper refuses as "not an integer".
func PagingRangeError(name, value string) (string, bool) {
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
