
"use strict";
(function () {
  var audio = document.getElementById("audio");
  var chapters = Array.prototype.slice.call(document.querySelectorAll("#chapter-list .chapter"));
  var cues = Array.prototype.slice.call(document.querySelectorAll("#transcript .cue"));
  var chapterStarts = chapters.map(function (b) { return parseFloat(b.getAttribute("data-start")); });
  var cueStarts = cues.map(function (c) { return parseFloat(c.getAttribute("data-start")); });
  var playButton = document.getElementById("play");
  var speed = document.getElementById("speed");
  var now = document.getElementById("now");
  var status = document.getElementById("status");
  var useShortcuts = document.getElementById("use-shortcuts");
  var follow = document.getElementById("follow");
  var player = document.getElementById("player");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  // Times set by a seek read back a hair early (floating point): a cue starts "now" within 1 ms.
  var EPSILON = 0.001;
  var currentCue = -1;
  var currentChapter = -1;
  var focusCue = 0;

  // The last index whose start is at or before t (-1 before the first).
  function indexAt(starts, t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t + EPSILON) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function clock(t) {
    var s = Math.max(0, Math.floor(t + EPSILON));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    var mm = h > 0 && m < 10 ? "0" + m : String(m);
    return (h > 0 ? h + ":" : "") + mm + ":" + (r < 10 ? "0" + r : r);
  }

  function announce(text) {
    // Clearing first makes a repeated message heard again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function chapterLabel(i) {
    var title = chapters[i].querySelector(".title").textContent;
    return "Chapter " + (i + 1) + " of " + chapters.length + ": " + title;
  }

  function seek(t) {
    var end = isFinite(audio.duration) ? audio.duration : Infinity;
    audio.currentTime = Math.max(0, Math.min(t, end));
    update();
  }

  function inView(el) {
    var r = el.getBoundingClientRect();
    var top = player.getBoundingClientRect().bottom;
    return r.top >= top && r.bottom <= window.innerHeight;
  }

  function setRoving(i) {
    if (cues.length === 0) { return; }
    cues[focusCue].setAttribute("tabindex", "-1");
    focusCue = i;
    cues[focusCue].setAttribute("tabindex", "0");
  }

  function update() {
    var t = audio.currentTime;
    var c = indexAt(cueStarts, t);
    if (c !== currentCue) {
      if (currentCue >= 0) {
        cues[currentCue].classList.remove("current");
        cues[currentCue].removeAttribute("aria-current");
      }
      currentCue = c;
      if (c >= 0) {
        var el = cues[c];
        el.classList.add("current");
        el.setAttribute("aria-current", "true");
        var inTranscript = document.activeElement && document.activeElement.classList.contains("cue");
        if (!inTranscript) { setRoving(c); }
        if (follow.checked && !audio.paused && !inView(el)) {
          el.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
        }
      }
    }
    var k = indexAt(chapterStarts, t);
    if (k !== currentChapter) {
      if (currentChapter >= 0) { chapters[currentChapter].removeAttribute("aria-current"); }
      currentChapter = k;
      if (k >= 0) { chapters[k].setAttribute("aria-current", "true"); }
      now.textContent = k >= 0 ? chapterLabel(k) : "";
    }
  }

  function togglePlay() {
    if (audio.paused) {
      var p = audio.play();
      if (p && p.catch) { p.catch(function (e) { announce("The audio cannot play: " + e.message); }); }
    } else {
      audio.pause();
    }
  }

  function skip(seconds) {
    seek(audio.currentTime + seconds);
    announce((seconds < 0 ? "Back to " : "Forward to ") + clock(audio.currentTime));
  }

  function toChapter(i) {
    if (i < 0 || i >= chapters.length) { return; }
    seek(chapterStarts[i]);
    announce(chapterLabel(i));
  }

  function previousChapter() {
    var k = indexAt(chapterStarts, audio.currentTime);
    // Within the first 3 seconds of a chapter, go to the one before; else to this one's start.
    if (k > 0 && audio.currentTime - chapterStarts[k] < 3) { toChapter(k - 1); } else { toChapter(Math.max(k, 0)); }
  }

  function nextChapter() {
    var k = indexAt(chapterStarts, audio.currentTime);
    if (k + 1 < chapters.length) { toChapter(k + 1); } else { announce("This is the last chapter"); }
  }

  chapters.forEach(function (b, i) {
    b.addEventListener("click", function () { toChapter(i); });
  });

  cues.forEach(function (c, i) {
    c.addEventListener("click", function () {
      // A click that ends a text selection is for copying, not for seeking.
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed && c.contains(sel.anchorNode)) { return; }
      setRoving(i);
      seek(cueStarts[i]);
    });
  });

  document.getElementById("transcript").addEventListener("keydown", function (e) {
    var i = cues.indexOf(e.target);
    if (i < 0 || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var to = null;
    if (e.key === "ArrowDown") { to = Math.min(i + 1, cues.length - 1); }
    else if (e.key === "ArrowUp") { to = Math.max(i - 1, 0); }
    else if (e.key === "Home") { to = 0; }
    else if (e.key === "End") { to = cues.length - 1; }
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      seek(cueStarts[i]);
      announce("Playing from " + clock(cueStarts[i]));
      return;
    }
    if (to !== null) {
      e.preventDefault();
      setRoving(to);
      cues[to].focus();
    }
  });

  playButton.addEventListener("click", togglePlay);
  document.getElementById("back").addEventListener("click", function () { skip(-10); });
  document.getElementById("forward").addEventListener("click", function () { skip(10); });
  document.getElementById("prev-chapter").addEventListener("click", previousChapter);
  document.getElementById("next-chapter").addEventListener("click", nextChapter);
  speed.addEventListener("change", function () {
    audio.playbackRate = parseFloat(speed.value);
    audio.defaultPlaybackRate = audio.playbackRate;
  });
  audio.addEventListener("ratechange", function () {
    var v = String(audio.playbackRate);
    for (var i = 0; i < speed.options.length; i++) {
      if (speed.options[i].value === v) { speed.selectedIndex = i; }
    }
  });
  audio.addEventListener("play", function () { playButton.textContent = "Pause"; });
  audio.addEventListener("pause", function () { playButton.textContent = "Play"; });
  audio.addEventListener("ended", function () { playButton.textContent = "Play"; });
  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);

  // Keys that controls need for themselves: typing, choosing, pressing.
  var TEXT_ENTRY = /^(INPUT|TEXTAREA|SELECT)$/;
  var PRESSABLE = "button, a[href], summary, [role=button], [role=link], [role=menuitem], [role=tab], [role=slider]";
  var ACTIONS = {
    " ": togglePlay, "k": togglePlay, "K": togglePlay,
    "j": function () { skip(-10); }, "J": function () { skip(-10); },
    "ArrowLeft": function () { skip(-10); },
    "l": function () { skip(10); }, "L": function () { skip(10); },
    "ArrowRight": function () { skip(10); },
    "p": previousChapter, "P": previousChapter,
    "n": nextChapter, "N": nextChapter
  };
  document.addEventListener("keydown", function (e) {
    var action = ACTIONS[e.key];
    if (!action || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t === audio || TEXT_ENTRY.test(t.tagName) || t.isContentEditable) { return; }
    var single = e.key.length === 1;
    if (single && !useShortcuts.checked) { return; }
    // Space and the arrows belong to the button or link that has the focus (a sentence's
    // own keys are handled, and their default prevented, by the transcript's listener).
    if ((!single || e.key === " ") && t.closest && t.closest(PRESSABLE)) { return; }
    e.preventDefault();
    action();
  });

  // Keep focused elements clear of the sticky player (WCAG 2.4.11).
  function measurePlayer() {
    document.documentElement.style.setProperty("--player-height", player.offsetHeight + "px");
  }
  if (window.ResizeObserver) { new ResizeObserver(measurePlayer).observe(player); }
  window.addEventListener("resize", measurePlayer);
  measurePlayer();

  document.getElementById("controls").hidden = false;
  document.getElementById("settings").hidden = false;
  if (cues.length > 0) {
    document.getElementById("transcript-hint").hidden = false;
    setRoving(0);
  }
  update();
})();
