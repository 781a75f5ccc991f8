"""Services the chapters start as real processes (e.g. `uvicorn apps.churn_service:app`)."""
