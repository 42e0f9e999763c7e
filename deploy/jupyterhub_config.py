"""JupyterHub for a Back on Track workshop on one machine (The Littlest JupyterHub style).

Start it with ``python3 course.py hub`` (which installs what it needs), or by hand::

    BOT_HUB_PASSWORD='a long shared password' jupyterhub -f deploy/jupyterhub_config.py

Learners log in with any name they like and the workshop's shared password. Hand out the
course with an nbgitpuller link (``python3 course.py hub-link https://your-hub.example``):
one click clones the course into the learner's home and opens its start page
(``00-start-here``), and a later click updates it without overwriting their edits. A learner
who logs in without the link lands in JupyterLab (``/lab``), or at the start page once the
course is in their home.

Run as root on a machine with systemd, each learner gets a private system user and an
enforced memory limit (SystemdSpawner, as The Littlest JupyterHub). Otherwise the simple
spawner runs every learner as the hub's own user with no memory limit, and the hub prints a
warning saying so.

Every setting can be changed with an environment variable (so the tests and a teacher's
machine use the same file):

=====================  =====================================================  ==========================
variable               meaning                                                default
=====================  =====================================================  ==========================
BOT_HUB_PASSWORD       the shared password (8 characters or more)             required
BOT_HUB_IP, _PORT      where the hub listens                                  127.0.0.1, 8000
BOT_HUB_SPAWNER        ``systemd`` (memory limit enforced, one system user    systemd if the hub runs as
                       per learner, as TLJH does; needs root) or ``simple``   root on a systemd machine,
                       (every learner as the hub's own user, no limit)        else simple (with a warning)
BOT_HUB_MEM_LIMIT      memory per learner (systemd enforces it)               see MEMORY_PER_LEARNER
BOT_HUB_IDLE_MINUTES   stop a learner's server after this many idle minutes  60
BOT_HUB_STATE          folder for the hub's database, cookie secret, homes    ./hub-state
BOT_HUB_START_PAGE     the page a learner opens first                         00-start-here once the learner
                                                                              has the course, else /lab
BOT_HUB_SPAWN_LIMIT    servers starting at once (more wait and try again)     2 per core
BOT_HUB_PROXY          the configurable-http-proxy command                    deploy/node_modules/.bin/...
BOT_HUB_ADMIN_TOKEN    a token for scripts (create learners, start servers,   none (no such service)
                       reach their servers: the load test uses it)
=====================  =====================================================  ==========================

The memory per learner comes from the benchmark (``benchmarks/hub_load.py``): see
``deploy/README.md`` for the measurements and the sizing arithmetic.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

DEPLOY = Path(__file__).resolve().parent
#: The peak per learner measured by benchmarks/hub_load.py (server + kernel, lesson 06) plus
#: headroom for a learner's own training log: deploy/README.md has the numbers.
MEMORY_PER_LEARNER = "600M"
#: The course's start page inside its clone (the nbgitpuller link puts the clone in the learner's home).
COURSE_START_PAGE = "notebooks/00-start-here.ipynb"
SYSTEMD_DIR = "/run/systemd/system"  # present when systemd manages the machine (what sd_booted() tests)
SIMPLE_WARNING = (
    "WARNING (Back on Track hub): the simple spawner runs every learner's server as this hub's own "
    "user ({user}). No memory limit is enforced (one learner can use all the machine's memory), and "
    "every learner can run commands as {user} (a notebook cell or JupyterLab's terminal): they can "
    "read and change your files and each other's. Use it only on a machine you keep for the "
    "workshop. For a private user and a {limit} memory limit per learner, run the hub as root on a "
    "machine with systemd (deploy/README.md)."
)


def setting(name: str, default: str) -> str:
    return os.environ.get(f"BOT_HUB_{name}", default)


def choose_spawner(requested: str, is_root: bool, systemd_runs: bool) -> tuple[str, str | None]:
    """The spawner to use and why it is not the systemd one (a warning to print), or stop with a clear message.

    SystemdSpawner starts each learner's server as a systemd service with a private user and a
    memory limit, which only root may do; without root or systemd the simple spawner is used.
    """
    if requested not in ("", "systemd", "simple"):
        raise SystemExit(f"BOT_HUB_SPAWNER={requested!r} is not a spawner here: use 'systemd', 'simple' or leave it unset.")
    if requested == "systemd" and not is_root:
        raise SystemExit("BOT_HUB_SPAWNER=systemd needs the hub to run as root (SystemdSpawner starts a system "
                         "service per learner). Start it with sudo, or unset BOT_HUB_SPAWNER for the simple spawner.")
    if requested == "systemd" and not systemd_runs:
        raise SystemExit(f"BOT_HUB_SPAWNER=systemd, but systemd does not manage this machine (no {SYSTEMD_DIR}): "
                         "unset BOT_HUB_SPAWNER for the simple spawner.")
    if requested == "systemd" or (not requested and is_root and systemd_runs):
        return "systemd", None
    return "simple", SIMPLE_WARNING


def learner_home(spawner) -> Path:
    """Where a learner's files are: the simple spawner's folder, or SystemdSpawner's /var/lib/NAME."""
    if spawner.__class__.__name__ == "SystemdSpawner":
        return Path("/var/lib") / spawner.user.name
    return Path(spawner.home_dir)


def open_the_course_if_there(spawner) -> None:
    """Open the course's start page once the learner has the course (after the nbgitpuller link), JupyterLab before.

    A learner who logs in without the link would otherwise get a 404 for a start page that is not
    there yet; the link's own ``urlpath`` opens the start page right after cloning.
    """
    home = learner_home(spawner)
    pages = sorted(home.glob(f"*/{COURSE_START_PAGE}")) if home.is_dir() else []
    spawner.default_url = f"/lab/tree/{pages[0].relative_to(home).as_posix()}" if pages else "/lab"


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
is_root = hasattr(os, "geteuid") and os.geteuid() == 0
spawner, warning = choose_spawner(setting("SPAWNER", ""), is_root, os.path.isdir(SYSTEMD_DIR))
if warning:
    print(warning.format(user=getpass.getuser(), limit=setting("MEM_LIMIT", MEMORY_PER_LEARNER)),
          file=sys.stderr, flush=True)
c.JupyterHub.spawner_class = spawner
if os.environ.get("BOT_HUB_START_PAGE"):
    c.Spawner.default_url = os.environ["BOT_HUB_START_PAGE"]
else:
    c.Spawner.default_url = "/lab"
    c.Spawner.pre_spawn_hook = open_the_course_if_there
c.Spawner.mem_limit = setting("MEM_LIMIT", MEMORY_PER_LEARNER)
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
# A 2-core machine starts a JupyterLab server in about 4 s when idle; many at once share the
# cores, so at most 2 per core start together and the others are told to try again in 10-20 s
# (the load test, benchmarks/hub_load.py, logs in a whole class at once through this).
c.JupyterHub.concurrent_spawn_limit = int(setting("SPAWN_LIMIT", str(2 * (os.cpu_count() or 1))))
c.JupyterHub.spawn_throttle_retry_range = (10, 20)
c.Spawner.start_timeout = 180  # a start that waits for busy cores (a class running lesson 06) still counts
c.Spawner.http_timeout = 90
if spawner == "systemd":  # as The Littlest JupyterHub: a private system user per learner, limits enforced
    c.SystemdSpawner.dynamic_users = True
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.cpu_limit = 1.0
else:  # everyone as this user, each in a folder of their own (a laptop, or the tests)
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
    if is_root:
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
