# make setup: everything a fresh Debian machine needs (idempotent).
# make demo:  setup, then build every sample issue into out/.
# make test:  setup, then run the test suite.
PYTHON ?= python3
VENV := .venv
FONT_CACHE := .cache/fonts
FANDOL := $(FONT_CACHE)/fandol/FandolFang-Regular.otf
COMPACT_TITLE := $(FONT_CACHE)/compact/NotoSerifCJKSCGB2312-Bold.otf
DEBIAN_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 libharfbuzz-bin poppler-utils qpdf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup demo test bench system-packages clean

setup: system-packages $(FANDOL) $(VENV)/.installed $(COMPACT_TITLE)
	@$(VENV)/bin/python -m compileall -q bulletin_print  # byte-code once, for a quick start

system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The Fandol fonts ship inside Debian's texlive-lang-chinese: take the fonts, not TeX.
$(FANDOL):
	@tmp=$$(mktemp -d) && chmod 755 $$tmp && cd $$tmp && apt-get download texlive-lang-chinese >/dev/null \
		|| { $(SUDO) apt-get update -qq && apt-get download texlive-lang-chinese >/dev/null; }; \
	mkdir -p $(CURDIR)/$(FONT_CACHE)/fandol && \
	dpkg-deb --fsys-tarfile $$tmp/texlive-lang-chinese_*.deb | tar -x -C $(CURDIR)/$(FONT_CACHE)/fandol \
		--strip-components=9 --wildcards \
		'./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*.otf' && \
	rm -rf $$tmp && ls $(CURDIR)/$(FONT_CACHE)/fandol

$(VENV)/.installed: pyproject.toml
	@[ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[test]'
	@touch $@

# The GB 2312 part of Noto Serif CJK SC Bold, for titles (see bulletin_print/fonts/compact.py).
$(COMPACT_TITLE): | $(VENV)/.installed
	$(VENV)/bin/python -m bulletin_print.fonts.compact

demo: setup
	$(VENV)/bin/bulletin build content/zhoukou-wenming -o out/

test: setup
	$(VENV)/bin/python -m pytest -q

bench: setup
	$(VENV)/bin/python bench/build_seed.py

clean:
	rm -rf out/ $(VENV) $(FONT_CACHE)
