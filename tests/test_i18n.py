from bulle.i18n import NBSP, Translator, french_spacing


def test_french_spacing_keeps_punctuation_with_its_word():
    assert french_spacing("Phase : « Accélération » ; ok ? oui !") == (
        f"Phase{NBSP}: «{NBSP}Accélération{NBSP}»{NBSP}; ok{NBSP}? oui{NBSP}!")
    assert french_spacing("https://exemple.fr/a:b") == "https://exemple.fr/a:b"


def test_french_labels_are_spaced_values_are_not():
    t = Translator("fr")
    assert t("footer.accessibility", status="x : y") == f"Accessibilité{NBSP}: x : y"
