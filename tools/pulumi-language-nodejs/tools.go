//go:build tools

// Package tools pins the Node language host into this module's graph so `go mod tidy` keeps its
// dependencies. sdk/v3 v3.68.0 is the newest release the Go module proxy serves that still contains
// nodejs/cmd/pulumi-language-nodejs (see README "The engine, offline").
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
