import { main } from './cli.ts'

// The package's `verisim` command (dist/cli.js).
main()
