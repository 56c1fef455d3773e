import stripe

TEST_KEY = "sk_test_dcvoTzhSqkiG7zd5tqgpYJu5"


def test_rejects_unsigned_event(client):
    response = client.post("/stripe/webhook", data="{}", content_type="application/json")
    assert response.status_code == 400
