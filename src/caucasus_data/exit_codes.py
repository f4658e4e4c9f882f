"""Exit codes of every `caucasus-data` command (contract): 0 valid / done, 1 the data breaks a rule, 2 cannot run."""

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_CANNOT_RUN = 2
