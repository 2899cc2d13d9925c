# Everyday commands. `./scripts/test` is the full, self-installing suite that CI runs.

default: check test

# static checks: formatting, lint, types, layer contracts, module size
check:
    ruff format --check .
    ruff check .
    mypy
    lint-imports
    just check-size

fmt:
    ruff format .
    ruff check --fix .

# no infrastructure needed (real-server cases are marked integration)
test:
    pytest -q -m "not integration and not e2e" tests/unit tests/contract tests/wiring tests/http

# the unit tier alone (must stay under 60 s)
unit:
    pytest -q tests/unit

up:
    ./scripts/services up

down:
    ./scripts/services down

test-all: up
    pytest tests

run:
    parley run

dev-memory:
    parley run --profile memory

bench:
    python bench/run.py

# house rule 12: no module over 400 lines
check-size:
    ! find domain application adapters entrypoints -name '*.py' -exec awk 'END { if (NR > 400) print FILENAME ": " NR }' {} \; | grep .
