"""Prefect's side of the scale-out, made once and again after a change (each part is replaced):
the process work pool, the result storage every worker reaches, the Secret blocks that keep
credentials out of files and deployments, and the office's settings as Prefect variables,
which `prefect deploy --all` puts into every deployment of prefect.yaml."""

from pathlib import Path

from prefect import get_client
from prefect.blocks.system import Secret
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectAlreadyExists
from prefect.filesystems import LocalFileSystem
from prefect.variables import Variable
from prefect.workers.process import ProcessWorker

from tasks.settings import get_settings

POOL = "ankommen"
RESULTS_BLOCK = "ankommen-results"  # prefect.yaml names it: local-file-system/ankommen-results
DATABASE_SECRET = "ankommen-database-url"  # prefect.yaml: ANKOMMEN_DATABASE_SECRET
NEWCOMER_MAIL_SECRET = "ankommen-newcomer-mail"
AUTHORITY_TOKEN_SECRET = "ankommen-authority-token"


class NotShareable(Exception):
    """The office's settings cannot be shared by workers on other machines."""


def prepare(results: Path) -> list[str]:
    """Make it all from this environment's settings; what was done, line by line."""
    settings = get_settings()
    if not settings.database_url or settings.database_url.startswith("sqlite"):
        raise NotShareable(
            "workers need a database they all reach: set DATABASE_URL to PostgreSQL "
            "(postgresql+psycopg://user:password@host/database)"
        )
    done = [_work_pool()]
    LocalFileSystem(basepath=str(results.resolve())).save(RESULTS_BLOCK, overwrite=True)
    done.append(f"results: block local-file-system/{RESULTS_BLOCK} at {results.resolve()}")
    Secret(value=settings.database_url).save(DATABASE_SECRET, overwrite=True)
    done.append(f"database: Secret block {DATABASE_SECRET}")
    credentials = {  # what: (its value here, the Secret block that keeps it)
        "newcomers' e-mail": (settings.newcomer_mail, NEWCOMER_MAIL_SECRET),
        "the partner organisations' API token": (settings.authority_token, AUTHORITY_TOKEN_SECRET),
    }
    for what, (value, block) in credentials.items():
        if value:
            Secret(value=value).save(block, overwrite=True)
            done.append(f"{what}: Secret block {block}")
    variables = {
        "ankommen_newcomer_mail_secret": NEWCOMER_MAIL_SECRET if settings.newcomer_mail else None,
        "ankommen_authority_token_secret": (
            AUTHORITY_TOKEN_SECRET if settings.authority_token else None
        ),
        "ankommen_authority_url": settings.authority_url,
        "ankommen_notify_config": settings.notify_config and str(settings.notify_config.resolve()),
        "ankommen_staff_language": settings.staff_language,
        "ankommen_home": str(settings.home.resolve()),
        "ankommen_today": settings.today and settings.today.isoformat(),
    }
    for name, value in variables.items():
        if value is None:
            Variable.unset(name)
        else:
            Variable.set(name, value, overwrite=True)
    done.append("variables: " + ", ".join(f"{n}={v}" for n, v in variables.items() if v))
    return done


def _work_pool() -> str:
    template = ProcessWorker.get_default_base_job_template()
    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(
                WorkPoolCreate(name=POOL, type="process", base_job_template=template)
            )
        except ObjectAlreadyExists:
            return f"work pool {POOL}: there already"
    return f"work pool {POOL}: made (process)"
