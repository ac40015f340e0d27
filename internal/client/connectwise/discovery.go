package connectwise

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	cw "github.com/psa-iac/terraform-provider-sophos/internal/api/connectwise"
	"github.com/psa-iac/terraform-provider-sophos/internal/client/psahttp"
)

// CompanyInfo asks the site about the login company: GET /login/companyinfo/{companyId},
// unauthenticated, so it carries none of the keys. ConnectWise answers null for a company
// it does not know.
func (c *Client) CompanyInfo(ctx context.Context) (*cw.CompanyInfo, error) {
	u := psahttp.JoinURL(c.site, cw.CompanyInfoPath+escapeSegment(c.cfg.CompanyID), nil)
	req := &psahttp.Request{Method: http.MethodGet, URL: u, Endpoint: "companyinfo", Idempotent: true,
		Header: http.Header{"Accept": {"application/json"}}}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, c.decodeError(req, resp)
	}
	body := bytes.TrimSpace(resp.Body)
	if bytes.Equal(body, []byte("null")) || len(body) == 0 {
		return nil, &UnknownCompanyError{CompanyID: c.cfg.CompanyID, Site: c.site.Host}
	}
	var info cw.CompanyInfo
	if err := json.Unmarshal(body, &info); err != nil {
		return nil, &ResponseError{Method: req.Method, Path: cw.CompanyInfoPath + c.cfg.CompanyID, StatusCode: resp.Status, Problem: "not a companyinfo object: " + err.Error()}
	}
	if info.Codebase == "" {
		return nil, &UnknownCompanyError{CompanyID: c.cfg.CompanyID, Site: c.site.Host}
	}
	return &info, nil
}

// UnknownCompanyError is a login company id the site does not know.
type UnknownCompanyError struct {
	CompanyID string
	Site      string
}

func (e *UnknownCompanyError) Error() string {
	return fmt.Sprintf("ConnectWise at %s knows no company %q (login/companyinfo answered null): check company_id (CONNECTWISE_COMPANY_ID), "+
		"the company name you log in to ConnectWise with, and site (CONNECTWISE_SITE), e.g. api-na.myconnectwise.net", e.Site, e.CompanyID)
}
