def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "server: starts gunicorn behind nginx with the deploy/ configuration (needs nginx)",
    )
