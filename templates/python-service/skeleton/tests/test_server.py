import json
import threading
import unittest
import urllib.error
import urllib.request

from app.server import Health, create_server


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class ServerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.health = Health()
        self.server = create_server(self.health, 0, "127.0.0.1")
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def tearDown(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def test_liveness_and_readiness_are_distinct(self) -> None:
        self.assertEqual(status(f"{self.base}/livez"), 200)
        self.assertEqual(status(f"{self.base}/readyz"), 503)
        self.health.ready = True
        self.assertEqual(status(f"{self.base}/readyz"), 200)
        # Shutting down: not ready any more, still alive.
        self.health.ready = False
        self.assertEqual(status(f"{self.base}/readyz"), 503)
        self.assertEqual(status(f"{self.base}/livez"), 200)

    def test_root_names_the_service(self) -> None:
        with urllib.request.urlopen(f"{self.base}/") as response:
            self.assertIn("service", json.load(response))

    def test_unknown_paths_are_404(self) -> None:
        self.assertEqual(status(f"{self.base}/nope"), 404)


if __name__ == "__main__":
    unittest.main()
