// Package apiserver is the emulator's side of the PSA Integration API contract: the
// net/http server interface and the embedded OpenAPI document, generated from
// internal/api/openapi.yaml. Only the emulator imports it.
package apiserver

//go:generate go tool -modfile=../../../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../../api/openapi.yaml
