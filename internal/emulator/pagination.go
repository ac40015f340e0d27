package emulator

import (
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

func (p paging) limit() int  { return p.size }
func (p paging) offset() int { return (p.page - 1) * p.size }

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
