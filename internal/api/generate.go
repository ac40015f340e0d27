// Package api is the PSA Integration API contract: the OpenAPI document, and the types and
// server interface generated from it. The client and the emulator both build on this package.
package api

//go:generate go tool -modfile=../../tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
