export const USAGE = `rdo-console — operations console for an RPM delivery pipeline (RDO Trunk style)

Usage:
  rdo-console [--attach URL [--token T]] [--read-only] [--no-color]   open the console
  rdo-console demo init                          create the demo upstream and distgit repositories
  rdo-console demo commit [--package NAME]       add an upstream commit (scripted demo activity)
  rdo-console trunk run [--once]                 build what is new (one pass, or loop every run-interval)
  rdo-console trunk status [--json]              per package: last build, status, NVR, first failure
  rdo-console trunk recheck PACKAGE [--force]    re-queue a FAILED package (SUCCESS only with --force)
  rdo-console trunk purge --older-than DAYS [--dry-run]
                                                 remove old hashed repos (never link targets)
  rdo-console info [--json]                      config, data and log paths in use

Options:
  --config DIR   configuration directory (default: the shipped demo config)
  --data DIR     data directory (default: $XDG_DATA_HOME/rdo-console)
  --json         machine-readable output
  -h, --help     this help

Exit codes: 0 all good, 1 a build or command failed, 2 bad usage or bad config.`;
