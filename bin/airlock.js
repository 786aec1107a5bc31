#!/usr/bin/env node
// The `airlock` command: the bundled CLI (see src/cli/index.ts).
import '../dist/cli.js';
