"""Play, Pause and Step for the panels that train: frames scheduled on the kernel's event loop.

Play starts an ``asyncio`` task that calls the panel's ``train_frame()`` (train a little, draw),
then waits for the rest of its time slot; while it waits, the kernel handles the learner's
clicks and slider moves, so the notebook stays usable, a slider moved during Play acts from the
next frame, and Pause stops after the frame being drawn. The buttons carry their names as text
(screen readers and keyboards reach them like any button).
"""

import asyncio
import time

import ipywidgets as widgets

FRAME_SECONDS = 0.08  # Play's time slot per frame: at most 12.5 frames a second


class Playing:
    """Mixin for a :class:`Panel` that trains: it defines ``train_frame()`` and ``finished``."""

    def _add_play_buttons(self, step_tooltip):
        """Make the Play, Pause and Step buttons; return them (the panel lays them out)."""
        self._task = None
        self.play_button = widgets.Button(description="Play", icon="play",
                                          tooltip="train continuously",
                                          layout=widgets.Layout(width="90px"))
        self.pause_button = widgets.Button(description="Pause", icon="pause", disabled=True,
                                           tooltip="stop after this frame",
                                           layout=widgets.Layout(width="90px"))
        self.step_button = widgets.Button(description="Step", icon="step-forward",
                                          tooltip=step_tooltip, layout=widgets.Layout(width="90px"))
        self._on_click(self.play_button, self.play)
        self._on_click(self.pause_button, self.pause)
        self._on_click(self.step_button, self.step)
        return [self.play_button, self.pause_button, self.step_button]

    @property
    def playing(self):
        """Whether Play is training in the background."""
        return self._task is not None and not self._task.done()

    @property
    def finished(self):
        """Whether training has reached its end (Play and Step then do nothing)."""
        return False

    def step(self):
        """Train one frame (what Step does)."""
        if not self.finished:
            self.train_frame()

    def play(self):
        """Start training in frames on the running event loop (what Play does)."""
        if self.playing or self.finished:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("Play trains in the background of a running Jupyter kernel; "
                               "here, call panel.step() for one frame") from None
        self.play_button.disabled, self.pause_button.disabled = True, False
        self._task = loop.create_task(self._play())

    def pause(self):
        """Stop Play after the frame being drawn (what Pause does)."""
        if self._task is not None:
            self._task.cancel()
        self.play_button.disabled, self.pause_button.disabled = False, True

    async def _play(self):
        try:
            while not self.finished:
                start = time.perf_counter()
                with self.capture_errors():
                    self.train_frame()
                if self.output.outputs:  # an error: shown, and Play stops
                    break
                # The wait is where the kernel handles clicks and slider moves.
                await asyncio.sleep(max(0.0, FRAME_SECONDS - (time.perf_counter() - start)))
        finally:
            self.play_button.disabled, self.pause_button.disabled = False, True
