/* flite_group: writes a Flite diphone voice's compiled data as a Festival-style
 * diphone group file, so that `aloud voice import-festvox` can decode it.
 *
 *   cc flite_group.c -o flite_group -lflite_cmu_us_kal16 -lflite_usenglish \
 *      -lflite_cmulex -lflite -lm
 *   ./flite_group OUT.group
 *
 * Maintainer tool (voices/rebuild.sh); aloud never needs Flite at run time.
 *
 * Flite keeps a diphone voice as pitch-synchronous frames: per frame, the LPC
 * predictor coefficients (16-bit words scaled by the list's coeff_min and
 * coeff_range) and one pitch period of mu-law residual, centred on the pitch
 * mark. A diphone is a run of frames: `pb_pm` before the phone boundary and
 * `end_pm` after it. This tool writes, per diphone, an EST binary track (frame
 * time = the mark, the middle of the frame's residual; channel 0 unused, then
 * the coefficients) and a Sun .snd file holding the concatenated mu-law
 * residual; the group index names the frame at the phone boundary. The data
 * are copied as they are (no re-coding).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flite/flite.h>
#include <flite/cst_diphone.h>

cst_voice *register_cmu_us_kal16(const char *voxdir);

static void put_be32(FILE *f, unsigned v) {
    unsigned char b[4] = {v >> 24, v >> 16, v >> 8, v};
    fwrite(b, 1, 4, f);
}

static void put_le_f32(FILE *f, float x) {
    unsigned v;
    memcpy(&v, &x, 4);
    unsigned char b[4] = {v, v >> 8, v >> 16, v >> 24};
    fwrite(b, 1, 4, f);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT.group\n", argv[0]);
        return 2;
    }
    flite_init();
    cst_voice *v = register_cmu_us_kal16(NULL);
    const cst_diphone_db *db = val_diphone_db(feat_val(v->features, "diphone_db"));
    const cst_sts_list *s = db->sts;
    if (s->codec && strcmp(s->codec, "ulaw") != 0) {
        fprintf(stderr, "residual codec %s is not mu-law\n", s->codec);
        return 1;
    }
    if (s->sample_rate != 16000) {
        fprintf(stderr, "sample rate %d, want 16000\n", s->sample_rate);
        return 1;
    }
    /* The blob goes to a temporary file first: the index needs its offsets. */
    FILE *blob = tmpfile();
    int *keep = calloc(db->num_entries, sizeof *keep);
    int kept = 0;
    unsigned long *track_off = calloc(db->num_entries, sizeof *track_off);
    unsigned long *wave_off = calloc(db->num_entries, sizeof *wave_off);
    int nch = s->num_channels;
    for (int i = 0; i < db->num_entries; i++) {
        const cst_diphone_entry *e = &db->diphones[i];
        int n = e->pb_pm + e->end_pm;
        /* A unit with no frame on one side of its boundary has no diphone to cut. */
        if (e->pb_pm == 0 || e->end_pm == 0) {
            fprintf(stderr, "skipped %s: %d frames before the boundary, %d after\n", e->name,
                    e->pb_pm, e->end_pm);
            continue;
        }
        keep[i] = 1;
        kept++;
        track_off[i] = (unsigned long)ftell(blob);
        fprintf(blob,
                "EST_File Track\nDataType binary\nByteOrder 01\nNumFrames %d\n"
                "NumChannels %d\nBreaksPresent false\nCommentChar ;\nEST_Header_End\n",
                n, nch + 1);
        int at = 0;
        for (int k = 0; k < n; k++) {
            int f = e->start_pm + k;
            int size = get_frame_size(s, f);
            const unsigned short *fr = get_sts_frame(s, f);
            put_le_f32(blob, (float)(at + size / 2) / 16000.0f);
            put_le_f32(blob, 0.0f);
            for (int c = 0; c < nch; c++)
                put_le_f32(blob, (float)(fr[c] / 65535.0 * s->coeff_range + s->coeff_min));
            at += size;
        }
        wave_off[i] = (unsigned long)ftell(blob);
        fwrite(".snd", 1, 4, blob);
        put_be32(blob, 24);
        put_be32(blob, (unsigned)at);
        put_be32(blob, 1); /* 8-bit mu-law */
        put_be32(blob, 16000);
        put_be32(blob, 1);
        for (int k = 0; k < n; k++) {
            int f = e->start_pm + k;
            fwrite(get_sts_residual(s, f), 1, get_frame_size(s, f), blob);
        }
    }
    FILE *out = fopen(argv[1], "wb");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "EST_File index\nDataFormat grouped\nNumEntries %d\nIndexName %s\n"
                 "EST_Header_End\n", kept, db->name);
    for (int i = 0; i < db->num_entries; i++)
        if (keep[i])
                fprintf(out, "%s %lu %lu %d\n", db->diphones[i].name, track_off[i], wave_off[i],
                    db->diphones[i].pb_pm);
    rewind(blob);
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, blob)) > 0)
        fwrite(buf, 1, got, out);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
