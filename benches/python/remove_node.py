"""RemoveNode through the official Huawei Cloud Python SDK against a loopback server.

Usage: remove_node.py PORT REQUESTS CONCURRENCY
Prints one JSON line: requests, concurrency, wall seconds, CPU seconds (this process), and
peak RSS. Run by `cargo xtask bench request` in a venv under target/, never by CI.
"""

import json
import resource
import sys
import threading
import time

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcce.v3 import (
    CceClient,
    Login,
    NodeItem,
    RemoveNodeRequest,
    RemoveNodesSpec,
    RemoveNodesTask,
)

AK = "AKBENCHAKBENCHAKBENC"
SK = "skbenchskbenchskbenchskbenchskbenchskbe"
PROJECT_ID = "0123456789abcdef0123456789abcdef"


def client(port):
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    return (
        CceClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, PROJECT_ID))
        .with_endpoints(["http://127.0.0.1:%d" % port])
        .build()
    )


def call(c):
    body = RemoveNodesTask(
        spec=RemoveNodesSpec(
            login=Login(ssh_key="myKeypair"),
            nodes=[
                NodeItem(uid="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
                NodeItem(uid="yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"),
            ],
        )
    )
    resp = c.remove_node(RemoveNodeRequest(cluster_id="c1", body=body))
    assert resp.status.job_id == "2ec9b78d-9368-46f3-8f29-d1a95622a568", resp


def main():
    port, requests, concurrency = (int(a) for a in sys.argv[1:4])
    clients = [client(port) for _ in range(concurrency)]
    for c in clients:  # warm-up: connections, imports, caches
        for _ in range(20):
            call(c)
    per_thread = requests // concurrency

    def worker(c):
        for _ in range(per_thread):
            call(c)

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "requests": per_thread * concurrency,
                "concurrency": concurrency,
                "wall": wall,
                "cpu": cpu,
                "peak_kib": peak,
            }
        )
    )


if __name__ == "__main__":
    main()
