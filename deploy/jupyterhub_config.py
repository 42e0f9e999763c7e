"""JupyterHub for a Back on Track workshop on one machine (The Littlest JupyterHub style).

Start it with ``python3 course.py hub`` (which installs what it needs), or by hand::

    BOT_HUB_PASSWORD='a long shared password' jupyterhub -f deploy/jupyterhub_config.py

Learners log in with any name they like and the workshop's shared password, and land in
JupyterLab at the start page. Hand out the course with an nbgitpuller link
(``python3 course.py hub-link https://your-hub.example``): one click clones the course
into the learner's home, and a later click updates it without overwriting their edits.

Every setting can be changed with an environment variable (so the tests and a teacher's
machine use the same file):

=====================  =====================================================  ==========================
variable               meaning                                                default
=====================  =====================================================  ==========================
BOT_HUB_PASSWORD       the shared password (8 characters or more)             required
BOT_HUB_IP, _PORT      where the hub listens                                  127.0.0.1, 8000
BOT_HUB_SPAWNER        ``systemd`` (memory limit enforced, one system user    systemd if systemctl runs,
                       per learner, as TLJH does) or ``simple`` (all learners else simple
                       as the hub's own user: a laptop, the tests)
BOT_HUB_MEM_LIMIT      memory per learner (systemd enforces it)               see MEMORY_PER_LEARNER
BOT_HUB_IDLE_MINUTES   stop a learner's server after this many idle minutes  60
BOT_HUB_STATE          folder for the hub's database, cookie secret, homes    ./hub-state
BOT_HUB_START_PAGE     the page a learner opens first                         the start page of the course
BOT_HUB_PROXY          the configurable-http-proxy command                    deploy/node_modules/.bin/...
BOT_HUB_ADMIN_TOKEN    a token for scripts (create learners, start servers,   none (no such service)
                       reach their servers: the load test uses it)
=====================  =====================================================  ==========================

The memory per learner comes from the benchmark (``benchmarks/hub_load.py``): see
``deploy/README.md`` for the measurements and the sizing arithmetic.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

DEPLOY = Path(__file__).resolve().parent
#: Kernel after a full lesson (about 150 MB, benchmarks/run.py) + single-user server (about
#: 100 MB) + headroom for a learner's own training log: measured in benchmarks/hub_load.py.
MEMORY_PER_LEARNER = "600M"
START_PAGE = "/lab/tree/back-on-track/notebooks/00-start-here.ipynb"


def setting(name: str, default: str) -> str:
    return os.environ.get(f"BOT_HUB_{name}", default)


def systemd_runs() -> bool:
    """True when systemd manages this machine (the test sd_booted() uses)."""
    return Path("/run/systemd/system").is_dir()


state = Path(setting("STATE", "hub-state")).resolve()
state.mkdir(parents=True, exist_ok=True)

# --- where it listens, and its own files
c.JupyterHub.bind_url = f"http://{setting('IP', '127.0.0.1')}:{setting('PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [setting("PROXY", str(DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"))]
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")

# --- who may log in: any name, with the workshop's shared password
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("BOT_HUB_PASSWORD")
c.Authenticator.allow_all = True

# --- each learner's own JupyterLab
spawner = setting("SPAWNER", "systemd" if systemd_runs() else "simple")
c.JupyterHub.spawner_class = spawner
c.Spawner.default_url = setting("START_PAGE", START_PAGE)
c.Spawner.mem_limit = setting("MEM_LIMIT", MEMORY_PER_LEARNER)
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
if spawner == "systemd":  # as The Littlest JupyterHub: a private system user per learner, limits enforced
    c.SystemdSpawner.dynamic_users = True
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.cpu_limit = 1.0
else:  # everyone as this user, each in a folder of their own (a laptop, or the tests)
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        c.Spawner.args = ["--allow-root"]

# --- stop servers nobody uses (frees memory for the learners who are active)
idle_seconds = int(float(setting("IDLE_MINUTES", "60")) * 60)
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={idle_seconds}", "--cull-every=60"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# --- an optional token for the teacher's scripts (and the load test)
admin_token = os.environ.get("BOT_HUB_ADMIN_TOKEN")
if admin_token:
    c.JupyterHub.services.append({"name": "workshop-admin", "api_token": admin_token})
    c.JupyterHub.load_roles.append(
        {
            "name": "workshop-admin",
            "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers"],
            "services": ["workshop-admin"],
        }
    )
