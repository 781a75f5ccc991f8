"""Churn prediction API: the C.11 service on the telco churn columns.

The model comes from the MLflow registry at startup (in the lifespan, never at import):

    export CHURN_MODEL_URI=models:/churn-model@champion
    export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
    uvicorn apps.churn_service:app --host 127.0.0.1 --port 8000

Two layers of validation: Pydantic `Field` constraints on each column (types, ranges,
the categories seen in training), and a model-level validator for combinations no
customer can have (charges that do not fit the tenure, add-ons without internet). Both
answer 422 with a message; neither request reaches the model.
"""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from typing import Literal

import mlflow.pyfunc
import numpy as np
import pandas as pd
from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

MODEL_URI_VARIABLE = "CHURN_MODEL_URI"
DEFAULT_MODEL_URI = "models:/churn-model@champion"
HIGH_RISK, MEDIUM_RISK = 0.7, 0.3  # the appendix's tiers
# Billed to date / (tenure x current monthly charge): prices change, so the ratio
# varies around 1 in the training table, well inside half to twice (the chapter checks
# every row).
CHARGE_RATIO_BAND = (0.5, 2.0)
INTERNET_ADDONS = (
    "online_security",
    "online_backup",
    "device_protection",
    "tech_support",
    "streaming_tv",
    "streaming_movies",
)

logger = logging.getLogger("uvicorn.error")

model = None  # the pyfunc model, set by the lifespan
model_uri: str | None = None
load_error: str | None = None

Addon = Literal["Yes", "No", "No internet service"]
Payment = Literal[
    "Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"
]


class CustomerFeatures(BaseModel):
    """The model's 19 input columns, each checked on its own (input validation)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    female: int = Field(ge=0, le=1, description="1 if the customer is female")
    senior_citizen: int = Field(ge=0, le=1)
    partner: int = Field(ge=0, le=1)
    dependents: int = Field(ge=0, le=1)
    tenure: int = Field(ge=0, le=120, description="months as a customer")
    phone_service: int = Field(ge=0, le=1)
    multiple_lines: Literal["Yes", "No", "No phone service"]
    internet_service: Literal["DSL", "Fiber optic", "No"]
    online_security: Addon
    online_backup: Addon
    device_protection: Addon
    tech_support: Addon
    streaming_tv: Addon
    streaming_movies: Addon
    contract: Literal["Month-to-month", "One year", "Two year"]
    paperless_billing: int = Field(ge=0, le=1)
    payment_method: Payment
    monthly_charges: float = Field(gt=0, le=500, description="current bill, dollars")
    total_charges: float = Field(ge=0, le=60_000, description="billed to date, dollars")


class PredictionRequest(CustomerFeatures):
    """A customer to score: each field valid, and the combination possible."""

    user_id: str = Field(min_length=1, max_length=64, description="Unique user id")

    @model_validator(mode="after")
    def possible_customer(self) -> PredictionRequest:
        """Reject combinations no customer in the data has (model validation)."""
        problems = []
        no_internet = self.internet_service == "No"
        for name in INTERNET_ADDONS:
            value = getattr(self, name)
            if no_internet != (value == "No internet service"):
                service = f"internet_service={self.internet_service!r}"
                problems.append(f"{name}={value!r} contradicts {service}")
        if (self.phone_service == 0) != (self.multiple_lines == "No phone service"):
            problems.append(
                f"multiple_lines={self.multiple_lines!r} contradicts "
                f"phone_service={self.phone_service}"
            )
        low, high = CHARGE_RATIO_BAND
        lowest = low * self.monthly_charges * self.tenure
        highest = high * self.monthly_charges * max(self.tenure, 1)
        if not lowest <= self.total_charges <= highest:
            problems.append(
                f"total_charges={self.total_charges:,.2f} is impossible after "
                f"{self.tenure} months at {self.monthly_charges:,.2f} a month "
                f"(expected {lowest:,.2f} to {highest:,.2f})"
            )
        if problems:
            raise ValueError("impossible customer: " + "; ".join(problems))
        return self


class PredictionResponse(BaseModel):
    user_id: str
    churn_probability: float = Field(ge=0, le=1)
    risk_tier: Literal["low", "medium", "high"]
    model_uri: str


class HealthResponse(BaseModel):
    status: Literal["healthy", "unavailable"]
    model_loaded: bool
    model_uri: str | None
    detail: str | None = None


def load_model(uri: str):
    """Load the registered model and check that it answers with probabilities."""
    loaded = mlflow.pyfunc.load_model(uri)
    if loaded.input_example is None:  # nothing to try it on
        return loaded
    output = np.asarray(loaded.predict(loaded.input_example))
    if output.ndim != 2 or output.shape[1] != 2:
        raise ValueError(
            f"{uri} answers with shape {output.shape}, not class "
            "probabilities: log it with pyfunc_predict_fn='predict_proba'"
        )
    return loaded


def churn_probabilities(pyfunc_model, customers: list[CustomerFeatures]) -> np.ndarray:
    """P(churn) for each customer (the CPU-bound part: pandas, scikit-learn)."""
    columns = list(CustomerFeatures.model_fields)
    frame = pd.DataFrame([c.model_dump(include=set(columns)) for c in customers])
    return np.asarray(pyfunc_model.predict(frame[columns]))[:, 1]


def risk_tier(probability: float) -> str:
    """The appendix's tiers: high above 0.7, medium above 0.3, else low."""
    if probability > HIGH_RISK:
        return "high"
    return "medium" if probability > MEDIUM_RISK else "low"


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Load the model once before serving; on failure serve anyway, and say so."""
    global model, model_uri, load_error
    model_uri = os.environ.get(MODEL_URI_VARIABLE, DEFAULT_MODEL_URI)
    try:
        model, load_error = load_model(model_uri), None
        logger.info("loaded %s", model_uri)
    except Exception as error:  # registry down, unknown name or alias, wrong model
        model = None
        load_error = f"{type(error).__name__}: {str(error).splitlines()[0][:600]}"
        logger.error("could not load %s: %s", model_uri, load_error)
    yield
    model = None


app = FastAPI(title="Churn Prediction API", version="2.0", lifespan=lifespan)

UNAVAILABLE = {503: {"description": "The model is not loaded"}}


def score(request: PredictionRequest) -> PredictionResponse:
    if model is None:
        raise HTTPException(503, detail=f"model {model_uri} not loaded: {load_error}")
    probability = float(churn_probabilities(model, [request])[0])
    return PredictionResponse(
        user_id=request.user_id,
        churn_probability=round(probability, 4),
        risk_tier=risk_tier(probability),
        model_uri=model_uri,
    )


@app.post("/predict", response_model=PredictionResponse, responses=UNAVAILABLE)
def predict(request: PredictionRequest) -> PredictionResponse:
    """Score one customer. A plain `def`: FastAPI runs it in a worker thread, so the
    event loop keeps answering other requests while the model computes."""
    return score(request)


@app.post("/predict-async", response_model=PredictionResponse, responses=UNAVAILABLE)
async def predict_async(request: PredictionRequest) -> PredictionResponse:
    """The same, as the appendix writes it: `async def` running the CPU-bound model on
    the event loop itself. Kept to measure what that costs (C.11 gotcha)."""
    return score(request)


@app.get("/health", response_model=HealthResponse, responses=UNAVAILABLE)
async def health(response: Response) -> HealthResponse:
    """200 when the model is loaded; 503, with the reason, when it is not."""
    if model is None:
        response.status_code = 503
    return HealthResponse(
        status="healthy" if model is not None else "unavailable",
        model_loaded=model is not None,
        model_uri=model_uri,
        detail=load_error,
    )
