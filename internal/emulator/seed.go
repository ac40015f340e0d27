package emulator

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

//go:embed seed/default.yaml
var defaultSeedYAML []byte

// DefaultSeedYAML returns the built-in seed as YAML, comments included: a starting point
// for a user seed file (this is what `sophos-emulator -print-seed` writes).
func DefaultSeedYAML() []byte {
	return bytes.Clone(defaultSeedYAML)
}

// DefaultSeed returns the built-in seed: the MSP "Northwind IT Services" with ConnectWise and
// Autotask connected, and a second partner to test scoping. It panics only if the embedded
// file is invalid, which the package tests rule out.
func DefaultSeed() *Seed {
	s, err := ParseSeed(defaultSeedYAML, "default.yaml")
	if err != nil {
		panic(fmt.Sprintf("emulator: built-in seed is invalid: %v", err))
	}
	return s
}

// LoadSeedFile reads and validates a seed file (YAML or JSON).
func LoadSeedFile(path string) (*Seed, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the path is the operator's own seed file
	if err != nil {
		return nil, fmt.Errorf("reading seed file: %w", err)
	}
	return ParseSeed(data, path)
}

// ParseSeed decodes and validates a seed (YAML or JSON; JSON is read as YAML). name is used
// in error messages, typically the file name. Unknown fields are errors.
func ParseSeed(data []byte, name string) (*Seed, error) {
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
