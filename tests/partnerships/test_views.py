"""Partnership pages (partnerships/views.py): the index, a partnership and the priority matrix."""

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_priority_matrix_shows_symbol_and_word(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/priorities/"))
    table = page.find("table", class_="app-matrix")
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert header[1:] == [
        "Blaby",
        "Charnwood",
        "Harborough",
        "Hinckley and Bosworth",
        "Melton",
        "North West Leicestershire",
        "Oadby and Wigston",
    ]
    domestic_abuse = next(
        tr for tr in table.tbody.find_all("tr") if tr.th.get_text(strip=True).startswith("Domestic Abuse")
    )
    melton = domestic_abuse.find_all("td")[4].get_text(" ", strip=True)
    assert melton == "● Priority"
