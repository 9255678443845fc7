export const USAGE = `rdo-console — operations console for an RPM delivery pipeline (RDO Trunk style)

Usage:
  rdo-console [--read-only] [--no-color]        open the console on the embedded engine
  rdo-console --attach URL --token TOKEN         open the console on a daemon (rdo-console serve)
  rdo-console serve [--listen HOST:PORT]         run the engine headless: HTTP, repos/, /ws for consoles
                                                 (default 127.0.0.1:8080)
  rdo-console demo init                          create the demo upstream and distgit repositories
  rdo-console demo commit [--package NAME]       add an upstream commit (scripted demo activity)
  rdo-console trunk run [--once]                 build what is new (one pass, or loop every run-interval)
  rdo-console trunk status [--json]              per package: last build, status, NVR, first failure
  rdo-console trunk recheck PACKAGE [--force]    re-queue a FAILED package (SUCCESS only with --force)
  rdo-console trunk purge --older-than DAYS [--dry-run]
                                                 remove old hashed repos (never link targets)
  rdo-console pool list [--json]                 CI nodes: state, age, the job they run
  rdo-console jobs run JOB HASH                  run a CI job on a repo hash and record its vote
  rdo-console votes HASH [--json]                the votes on a repo hash
  rdo-console promote HASH LABEL                 move a label to a repo hash (same checks as the promoter)
  rdo-console promotions [--json]                promotions, newest first
  rdo-console promoter run [--once] [--dry-run]  promote along the chain (loop every interval, or one pass)
  rdo-console info [--json]                      config, data and log paths in use

Options:
  --config DIR   configuration directory (default: the shipped demo config)
  --data DIR     data directory (default: $XDG_DATA_HOME/rdo-console)
  --json         machine-readable output
  HASH           a repo hash (<commit>_<distro8>, the hashed repo's last path segment) or a full commit hash
  --read-only    hide and refuse dangerous actions in the console
  --no-color     monochrome console (also when NO_COLOR is set)
  -h, --help     this help

Exit codes: 0 all good, 1 a build or command failed, 2 bad usage or bad config.`;
