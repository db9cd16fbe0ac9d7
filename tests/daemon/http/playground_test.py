#!/usr/bin/python3
"""The rule playground (GET /) in headless Chromium, against a running alertd:
type a rule with a typo and see the located diagnostic with its suggestion;
fix it; paste events and run them; see the matches and the alert; deploy
with a token and find the rule in GET /rules. Keeps a screenshot.

usage: playground_test.py ALERTD SCREENSHOT.png   (also SCREENSHOT-diagnostic.png: the typo's diagnostic)   (Debian's python3: selenium, chromium-driver)
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_harness import Harness  # noqa: E402

alertd, screenshot = sys.argv[1], sys.argv[2]
TOKEN = "playground-admin-token"

TYPO = """rule admins_added {
  title "Team admins added"
  wen $.eventType == "team.admin_added"
  group by $.customerId
  window tumbling 1h
  fire when count() > 1
}"""
EVENTS = "\n".join([
    '{"customerId":"acme","eventType":"team.admin_added","ts":"2026-12-01T10:00:00Z"}',
    '{"customerId":"acme","eventType":"login","ts":"2026-12-01T10:05:00Z"}',
    '{"customerId":"acme","eventType":"team.admin_added","ts":"2026-12-01T10:20:00Z"}',
])


def type_into(driver, element_id, text):
    element = driver.find_element(By.ID, element_id)
    element.click()
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    # Typed as a user types; the editor does not indent by itself.
    element.send_keys(text)
    return element


def main():
    h = Harness(alertd, [])
    config = h.path("alertd.toml")
    with open(config, "w") as f:
        f.write(f'tokens = [{{ name = "author", token = "{TOKEN}" }}]\n')
    h.args = ["--config", config]
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1750"):
        options.add_argument(flag)
    with h:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            run(driver, h)
        except Exception:
            driver.save_screenshot(screenshot)
            h.failed = True
            print("failed; the page is in " + screenshot)
            raise
        finally:
            driver.quit()


def run(driver, h):
    wait = WebDriverWait(driver, 20)
    driver.get(f"http://{h.host}:{h.port}/")
    assert "rule playground" in driver.title, driver.title
    wait.until(ec.text_to_be_present_in_element((By.ID, "check-state"), "OK"))  # the page's own example

    # A typo: its diagnostic, at its line and column, with the suggestion, underlined.
    type_into(driver, "rule", TYPO)
    wait.until(ec.text_to_be_present_in_element((By.ID, "diagnostics"), "did you mean"))
    item = driver.find_element(By.CSS_SELECTOR, "#diagnostics li.error")
    assert item.text.startswith("3:3: error:"), item.text
    assert "'when'" in item.text, item.text
    mark = driver.find_element(By.CSS_SELECTOR, "#marks mark.error")
    assert mark.get_attribute("textContent") == "wen", mark.get_attribute("textContent")
    assert "1 error" in driver.find_element(By.ID, "check-state").text
    driver.save_screenshot(screenshot.replace(".png", "-diagnostic.png"))

    # Fixed: no diagnostics.
    type_into(driver, "rule", TYPO.replace("  wen ", "  when "))
    wait.until(ec.text_to_be_present_in_element((By.ID, "check-state"), "OK, 1 rule(s)"))
    assert driver.find_elements(By.CSS_SELECTOR, "#diagnostics li") == []
    assert "fire when" in driver.find_element(By.ID, "explain").text

    # Events pasted and run: the matches and the alert.
    type_into(driver, "events", EVENTS)
    driver.find_element(By.ID, "run").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "run-state"), "event(s)"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#matches tbody tr")
    matched = [r.find_elements(By.TAG_NAME, "td")[2].text for r in rows]
    assert matched == ["admins_added", "—", "admins_added"], matched
    alerts = driver.find_elements(By.CSS_SELECTOR, "#alerts tbody tr")
    assert len(alerts) == 1, [a.text for a in alerts]
    cells = [c.text for c in alerts[0].find_elements(By.TAG_NAME, "td")]
    assert cells[:4] == ["3", "firing", "admins_added", '["acme"]'], cells
    assert "2026-12-01T10:00:00.000Z" in cells[4] and '"count()":2' in cells[5], cells
    assert "3 event(s), 2 match(es), 1 fired" in driver.find_element(By.ID, "run-state").text

    # Deployed with the token: the rule is in GET /rules.
    type_into(driver, "tenant", "acme")
    type_into(driver, "token", "wrong-token")
    driver.find_element(By.ID, "deploy").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "deploy-result"), "HTTP 401"))
    type_into(driver, "token", TOKEN)
    driver.find_element(By.ID, "deploy").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "deploy-result"), "HTTP 200"))
    assert '"status": "active"' in driver.find_element(By.ID, "deploy-result").text
    status, rules = h.json("GET", "/rules")
    deployed = [r for r in rules["rules"] if r["rule_id"] == "admins_added"]
    assert status == 200 and len(deployed) == 1 and deployed[0]["tenant"] == "acme", rules
    assert "count() > 1" in deployed[0]["source"]
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(screenshot)
    print("playground: every step passed; screenshot in " + screenshot)


if __name__ == "__main__":
    start = time.time()
    main()
    print(f"{time.time() - start:.1f} s")
