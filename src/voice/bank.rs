//! The synthesizer's view of a loaded voice ([`crate::synth::DiphoneBank`]).

use super::{Diphone, Substitution, Unit, Voice};
use crate::synth::{DiphoneBank, SynthError};

impl DiphoneBank for Voice {
    type Substitution = Substitution;
    type Sample = f32;

    fn id(&self) -> &str {
        &self.meta().id
    }

    /// Already in −1..1 and levelled when the voice was built.
    fn samples(&self) -> &[f32] {
        Voice::samples(self)
    }

    fn sample_scale(&self) -> f32 {
        1.0
    }

    /// [`Voice::unit`]: the unit and the substitution the fallback chain made.
    fn diphone(&self, pair: Diphone) -> Result<(&Unit, Option<Substitution>), SynthError> {
        self.unit(pair)
            .map(|c| (c.unit, c.substitution))
            .map_err(|e| SynthError::MissingUnit {
                voice: self.meta().id.clone(),
                left: pair.left.to_string(),
                right: pair.right.to_string(),
                reason: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::Phone;

    #[test]
    fn bundled_voice_serves_the_synthesizer_with_substitutions() {
        let v = Voice::load(&crate::data::voices_dir().join("ked")).unwrap();
        let bank: &dyn DiphoneBank<Substitution = Substitution, Sample = f32> = &v;
        assert_eq!(bank.id(), "ked");
        assert_eq!(bank.samples().len(), v.samples().len());
        let (u, s) = bank.diphone(Diphone::new(Phone::Ah, Phone::Pau)).unwrap();
        assert_eq!(u.diphone, Diphone::new(Phone::Ax, Phone::Pau));
        assert!(s.is_some());
        let (u, s) = bank.diphone(Diphone::new(Phone::Aa, Phone::B)).unwrap();
        assert_eq!((u.diphone, s), (Diphone::new(Phone::Aa, Phone::B), None));
    }
}
