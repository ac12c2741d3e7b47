//! A minimal safe wrapper over the system's shared LAME library (`libmp3lame.so.0`).
//!
//! LAME is LGPL: aloud links the shared library the system provides (Debian
//! `libmp3lame0`, built against `libmp3lame-dev`) and never compiles LAME into its binary, so a
//! user can replace the library. Only the documented functions of `lame.h` (LAME 3.100) that
//! a constant-bit-rate encode with an `Info`/LAME tag needs are declared here.

use super::{BitRate, Codec, EncodeError};
use std::ffi::{c_char, c_float, c_int, c_uchar, CStr};

/// `lame_global_flags`: opaque.
#[repr(C)]
struct LameFlags {
    _private: [u8; 0],
}

/// `MPEG_mode` of `lame.h`.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)] // the values the enum has, two of which aloud uses
enum MpegMode {
    Stereo = 0,
    JointStereo = 1,
    DualChannel = 2,
    Mono = 3,
}

#[link(name = "mp3lame")]
extern "C" {
    fn lame_init() -> *mut LameFlags;
    fn lame_close(gfp: *mut LameFlags) -> c_int;
    fn lame_set_num_channels(gfp: *mut LameFlags, channels: c_int) -> c_int;
    fn lame_set_in_samplerate(gfp: *mut LameFlags, rate: c_int) -> c_int;
    fn lame_set_out_samplerate(gfp: *mut LameFlags, rate: c_int) -> c_int;
    fn lame_set_brate(gfp: *mut LameFlags, kbps: c_int) -> c_int;
    fn lame_set_mode(gfp: *mut LameFlags, mode: MpegMode) -> c_int;
    fn lame_set_quality(gfp: *mut LameFlags, quality: c_int) -> c_int;
    fn lame_set_bWriteVbrTag(gfp: *mut LameFlags, write: c_int) -> c_int;
    fn lame_set_write_id3tag_automatic(gfp: *mut LameFlags, automatic: c_int);
    fn lame_init_params(gfp: *mut LameFlags) -> c_int;
    fn lame_encode_buffer_ieee_float(
        gfp: *mut LameFlags,
        left: *const c_float,
        right: *const c_float,
        samples: c_int,
        out: *mut c_uchar,
        out_size: c_int,
    ) -> c_int;
    fn lame_encode_flush(gfp: *mut LameFlags, out: *mut c_uchar, out_size: c_int) -> c_int;
    fn lame_get_lametag_frame(gfp: *const LameFlags, out: *mut c_uchar, size: usize) -> usize;
    fn get_lame_version() -> *const c_char;
}

/// Most samples per channel handed to LAME in one call.
pub(super) const CHUNK: usize = 8192;

/// What LAME needs to encode.
#[derive(Debug, Clone, Copy)]
pub(super) struct LameParams {
    /// Frames per second (in and out: LAME does not resample).
    pub rate: u32,
    /// Two identical channels (joint stereo) instead of one.
    pub stereo: bool,
    /// Constant bit rate.
    pub bit_rate: BitRate,
}

/// One LAME encoder, closed when dropped.
pub(super) struct Lame {
    gfp: *mut LameFlags,
    stereo: bool,
    out: Vec<u8>,
}

// The encoder is used by one thread at a time (the edition's writer thread); LAME keeps no
// global state per encoder.
unsafe impl Send for Lame {}

fn check(call: &'static str, code: c_int) -> Result<(), EncodeError> {
    if code < 0 {
        return Err(EncodeError::Library {
            codec: Codec::Mp3,
            call,
            code: i64::from(code),
        });
    }
    Ok(())
}

impl Lame {
    /// A constant-bit-rate encoder that writes an `Info` frame and no ID3 tag of its own.
    pub(super) fn new(p: LameParams) -> Result<Lame, EncodeError> {
        // SAFETY: lame_init returns a new encoder or null; every setter takes that pointer.
        let gfp = unsafe { lame_init() };
        if gfp.is_null() {
            return Err(EncodeError::Library {
                codec: Codec::Mp3,
                call: "lame_init",
                code: 0,
            });
        }
        let lame = Lame {
            gfp,
            stereo: p.stereo,
            out: Vec::new(),
        };
        let (channels, mode) = if p.stereo {
            (2, MpegMode::JointStereo)
        } else {
            (1, MpegMode::Mono)
        };
        let rate = c_int::try_from(p.rate).unwrap_or(c_int::MAX);
        let kbps = c_int::try_from(p.bit_rate.0).unwrap_or(c_int::MAX);
        // SAFETY: gfp is a live encoder not yet initialized; the setters only store values.
        unsafe {
            check(
                "lame_set_num_channels",
                lame_set_num_channels(gfp, channels),
            )?;
            check("lame_set_in_samplerate", lame_set_in_samplerate(gfp, rate))?;
            check(
                "lame_set_out_samplerate",
                lame_set_out_samplerate(gfp, rate),
            )?;
            check("lame_set_mode", lame_set_mode(gfp, mode))?;
            check("lame_set_brate", lame_set_brate(gfp, kbps))?;
            // 2 is LAME's "high quality" (-h): a few times faster than 0, indistinguishable
            // on speech at these rates.
            check("lame_set_quality", lame_set_quality(gfp, 2))?;
            check("lame_set_bWriteVbrTag", lame_set_bWriteVbrTag(gfp, 1))?;
            lame_set_write_id3tag_automatic(gfp, 0);
            check("lame_init_params", lame_init_params(gfp))?;
        }
        Ok(lame)
    }

    /// LAME's version, e.g. `3.100`.
    pub(super) fn version() -> String {
        // SAFETY: get_lame_version returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(get_lame_version()) }
            .to_string_lossy()
            .into_owned()
    }

    /// Encodes up to [`CHUNK`] mono samples (each goes to both channels in stereo); returns
    /// the MP3 bytes produced.
    pub(super) fn encode(&mut self, samples: &[f32]) -> Result<&[u8], EncodeError> {
        assert!(samples.len() <= CHUNK);
        // lame.h: worst case 1.25 × samples + 7200 bytes.
        let size = samples.len() * 5 / 4 + 7200;
        self.out.resize(size, 0);
        let right = if self.stereo {
            samples.as_ptr()
        } else {
            std::ptr::null()
        };
        // SAFETY: the input holds samples.len() floats (the right channel is the same buffer
        // or unused in mono); the output buffer holds `size` bytes, which lame.h documents as
        // enough.
        let n = unsafe {
            lame_encode_buffer_ieee_float(
                self.gfp,
                samples.as_ptr(),
                right,
                samples.len() as c_int,
                self.out.as_mut_ptr(),
                size as c_int,
            )
        };
        check("lame_encode_buffer_ieee_float", n)?;
        Ok(&self.out[..n as usize])
    }

    /// Encodes what LAME still holds and the padding; returns the last MP3 bytes.
    pub(super) fn flush(&mut self) -> Result<&[u8], EncodeError> {
        self.out.resize(7200, 0);
        // SAFETY: the buffer holds 7200 bytes, lame.h's documented minimum for a flush.
        let n = unsafe { lame_encode_flush(self.gfp, self.out.as_mut_ptr(), 7200) };
        check("lame_encode_flush", n)?;
        Ok(&self.out[..n as usize])
    }

    /// The `Info` frame with the LAME tag (delay, padding, length, CRCs) that replaces the
    /// placeholder frame LAME wrote first. Call after [`flush`](Self::flush).
    pub(super) fn tag_frame(&mut self) -> Result<Vec<u8>, EncodeError> {
        // SAFETY: with a null buffer LAME returns the size it needs; then it fills `size`
        // bytes of a buffer that large.
        let size = unsafe { lame_get_lametag_frame(self.gfp, std::ptr::null_mut(), 0) };
        let mut frame = vec![0u8; size];
        let written = unsafe { lame_get_lametag_frame(self.gfp, frame.as_mut_ptr(), size) };
        if size == 0 || written != size {
            return Err(EncodeError::Library {
                codec: Codec::Mp3,
                call: "lame_get_lametag_frame",
                code: written as i64,
            });
        }
        Ok(frame)
    }
}

impl Drop for Lame {
    fn drop(&mut self) {
        // SAFETY: gfp came from lame_init and is closed once.
        unsafe {
            lame_close(self.gfp);
        }
    }
}
