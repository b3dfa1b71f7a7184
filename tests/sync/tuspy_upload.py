"""Run by test_tus_interop.py as a subprocess: a standard tus client (the PyPI ``tuspy``
package) uploads FILE to ENDPOINT with a bearer TOKEN, keeping its upload URL in STORAGE (its
own resumability store), so a second run after a kill resumes where the server stands.

    python tuspy_upload.py ENDPOINT TOKEN FILE STORAGE CHUNK_SIZE
"""

import sys

from tusclient import client
from tusclient.storage.filestorage import FileStorage


def main() -> None:
    endpoint, token, path, storage, chunk = sys.argv[1:6]
    tus = client.TusClient(endpoint, headers={"Authorization": f"Bearer {token}"})
    up = tus.uploader(path, chunk_size=int(chunk), metadata={"filename": "scan.pdf", "filetype": "application/pdf"},
                      store_url=True, url_storage=FileStorage(storage))
    print(f"start {up.url or '-'} {up.offset}", flush=True)
    up.upload()
    print(f"done {up.url} {up.offset}", flush=True)


if __name__ == "__main__":
    main()
