"""apps.churn_service: the C.11 FastAPI service, in process with FastAPI's TestClient.

One small model is trained on the telco table and registered in a throwaway SQLite-backed
MLflow store; the service loads it by registry URI, as it does in the chapter.
"""

import warnings

import mlflow
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from mlflow.models import infer_signature
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from apps import churn_service
from bookhelpers import data_path, free_port

MODEL_NAME = "churn-model"


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A SQLite-backed registry holding `churn-model@champion` (probabilities) and
    `churn-model@labels` (the same pipeline logged with the default predict)."""
    folder = tmp_path_factory.mktemp("mlflow")
    uri = f"sqlite:///{folder}/mlflow.db"
    churn = pd.read_csv(data_path("telco_churn.csv")).sample(1500, random_state=0)
    X = churn.drop(columns="churn").assign(total_charges=lambda d: d.total_charges.fillna(0))
    y = (churn.churn == "Yes").astype(int)
    categorical = list(X.select_dtypes("object").columns)
    numeric = [c for c in X.columns if c not in categorical]
    pipeline = make_pipeline(
        make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore"), categorical), (StandardScaler(), numeric)
        ),
        LogisticRegression(max_iter=500),
    ).fit(X, y)
    client = mlflow.MlflowClient(tracking_uri=uri, registry_uri=uri)
    experiment = client.create_experiment("churn", artifact_location=str(folder / "artifacts"))
    requirements = [f"mlflow=={mlflow.__version__}", "scikit-learn", "cloudpickle"]
    mlflow.set_tracking_uri(uri)  # also sets MLFLOW_TRACKING_URI, unset below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # integer-column hint of infer_signature
            # cloudpickle, as in the chapter: importing skops (MLflow's default) takes
            # seconds, and the service does not depend on the format
            for alias, predict_fn in (("champion", "predict_proba"), ("labels", "predict")):
                with mlflow.start_run(experiment_id=experiment):
                    info = mlflow.sklearn.log_model(
                        pipeline,
                        name="model",
                        registered_model_name=MODEL_NAME,
                        pyfunc_predict_fn=predict_fn,
                        input_example=X.head(3),
                        serialization_format="cloudpickle",
                        signature=infer_signature(X, getattr(pipeline, predict_fn)(X)),
                        pip_requirements=requirements,
                    )
                client.set_registered_model_alias(MODEL_NAME, alias, info.registered_model_version)
    finally:
        mlflow.set_tracking_uri(None)
    return {"uri": uri, "customer": X.iloc[0].to_dict(), "pipeline": pipeline}


def serve(monkeypatch, tracking_uri, model_uri):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking_uri)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv(churn_service.MODEL_URI_VARIABLE, model_uri)
    return TestClient(churn_service.app)


@pytest.fixture
def client(registry, monkeypatch):
    with serve(monkeypatch, registry["uri"], f"models:/{MODEL_NAME}@champion") as client:
        yield client


@pytest.fixture
def customer(registry):
    row = {k: (v.item() if hasattr(v, "item") else v) for k, v in registry["customer"].items()}
    return {"user_id": "u-1", **row}


def test_health_reports_the_loaded_model(client):
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json()["model_loaded"] is True
    assert answer.json()["model_uri"] == f"models:/{MODEL_NAME}@champion"


@pytest.mark.parametrize("path", ["/predict", "/predict-async"])
def test_predict_matches_the_pipeline(client, registry, customer, path):
    answer = client.post(path, json=customer)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    frame = pd.DataFrame([registry["customer"]])
    expected = registry["pipeline"].predict_proba(frame)[0, 1]
    assert body["user_id"] == "u-1"
    assert body["churn_probability"] == pytest.approx(expected, abs=1e-4)
    assert body["risk_tier"] == churn_service.risk_tier(expected)


@pytest.mark.parametrize(
    "probability, tier",
    [(0.05, "low"), (0.3, "low"), (0.31, "medium"), (0.7, "medium"), (0.71, "high")],
)
def test_risk_tiers_use_the_appendix_thresholds(probability, tier):
    assert churn_service.risk_tier(probability) == tier


@pytest.mark.parametrize(
    "change, field",
    [
        ({"tenure": -1}, "tenure"),
        ({"tenure": "twelve"}, "tenure"),
        ({"monthly_charges": 0}, "monthly_charges"),
        ({"contract": "Two-year"}, "contract"),
        ({"female": 2}, "female"),
        ({"user_id": ""}, "user_id"),
        ({"tenure_months": 12}, "tenure_months"),  # unknown field (the appendix's name)
    ],
)
def test_field_errors_are_422_naming_the_field(client, customer, change, field):
    answer = client.post("/predict", json={**customer, **change})
    assert answer.status_code == 422
    assert any(field in error["loc"] for error in answer.json()["detail"])


def test_missing_field_and_malformed_json_are_422(client, customer):
    missing = {k: v for k, v in customer.items() if k != "contract"}
    assert client.post("/predict", json=missing).status_code == 422
    broken = client.post(
        "/predict", content=b'{"user_id": "u-1", ', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["type"] == "json_invalid"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"tenure": 1, "monthly_charges": 30.0, "total_charges": 3000.0}, "total_charges"),
        ({"internet_service": "No", "tech_support": "Yes"}, "contradicts internet_service"),
        ({"phone_service": 0, "multiple_lines": "Yes"}, "contradicts phone_service"),
    ],
)
def test_impossible_customers_are_422_with_the_reason(client, customer, change, words):
    answer = client.post("/predict", json={**customer, **change})
    assert answer.status_code == 422
    message = answer.json()["detail"][0]["msg"]
    assert "impossible customer" in message and words in message


def test_validator_accepts_every_customer_of_the_table():
    churn = pd.read_csv(data_path("telco_churn.csv")).drop(columns="churn")
    churn["total_charges"] = churn.total_charges.fillna(0)
    rejected = []
    for row in churn.to_dict("records"):
        try:
            churn_service.PredictionRequest(user_id="u", **row)
        except ValueError as error:
            rejected.append(str(error))
    assert rejected == []


def test_unreachable_registry_serves_a_truthful_health(registry, monkeypatch, customer):
    nowhere = f"http://127.0.0.1:{free_port()}"
    with serve(monkeypatch, nowhere, f"models:/{MODEL_NAME}@champion") as client:
        health = client.get("/health")
        predicted = client.post("/predict", json=customer)
    assert health.status_code == 503
    assert health.json()["model_loaded"] is False
    assert health.json()["detail"]
    assert predicted.status_code == 503
    assert "not loaded" in predicted.json()["detail"]


def test_a_model_that_answers_with_labels_is_refused(registry, monkeypatch):
    with serve(monkeypatch, registry["uri"], f"models:/{MODEL_NAME}@labels") as client:
        health = client.get("/health")
    assert health.status_code == 503
    assert "pyfunc_predict_fn='predict_proba'" in health.json()["detail"]


def test_openapi_schema_carries_the_field_constraints(client):
    schema = client.get("/openapi.json").json()
    request = schema["components"]["schemas"]["PredictionRequest"]
    assert request["properties"]["tenure"]["minimum"] == 0
    assert request["properties"]["contract"]["enum"] == ["Month-to-month", "One year", "Two year"]
    assert request["additionalProperties"] is False
    assert {"/predict", "/predict-async", "/health"} <= set(schema["paths"])
