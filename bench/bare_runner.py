"""A runner for the bare flow, as `ankommen serve` is one for the journey (same limit)."""

from bare_flow import bare
from prefect import serve

if __name__ == "__main__":
    serve(bare.to_deployment(name="bare"), limit=4)
