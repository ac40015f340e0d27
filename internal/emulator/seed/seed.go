// Package seed is the emulator's seed: the data an empty database starts with, as a YAML or
// JSON document (format.go), its rules (validate*.go, which also check what the admin API
// adds: check.go) and its loading into the store (load.go). default.yaml is the built-in
// seed.
package seed

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

//go:embed default.yaml
var defaultSeedYAML []byte

// DefaultYAML returns the built-in seed as YAML, comments included: a starting point
// for a user seed file (this is what `sophos-emulator -print-seed` writes).
func DefaultYAML() []byte {
	return bytes.Clone(defaultSeedYAML)
}

// Default returns the built-in seed: the MSP "Northwind IT Services" with ConnectWise and
// Autotask connected, and a second partner to test scoping. It panics only if the embedded
// file is invalid, which the package tests rule out.
func Default() *Seed {
	s, err := Parse(defaultSeedYAML, "default.yaml")
	if err != nil {
		panic(fmt.Sprintf("emulator: built-in seed is invalid: %v", err))
	}
	return s
}

// LoadFile reads and validates a seed file (YAML or JSON).
func LoadFile(path string) (*Seed, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the path is the operator's own seed file
	if err != nil {
		return nil, fmt.Errorf("reading seed file: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes and validates a seed (YAML or JSON; JSON is read as YAML). name is used
// in error messages, typically the file name. Unknown fields are errors.
func Parse(data []byte, name string) (*Seed, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Seed
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("seed %s: the file is empty", name)
		}
		return nil, fmt.Errorf("seed %s: %w", name, err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("seed %s: %w", name, err)
	}
	return &s, nil
}
