#!/usr/bin/env bash
# Every size the screens set words in comes from the named type scale (app/ui/type_scale.h:
# type_px(cv, TYPE_...)), not a share of the panel written in the screen (canvas_px(cv, 0.06)
# as a font size), so a screen's words follow the panel's millimetres and the larger-text
# mode. A size counts as literal where canvas_px(cv, N) is passed as a font size (the
# argument before FONT_... or a button's BUTTON_... style), directly or through a variable
# set from it in the same function (alone or as one side of a floor: N > floor ? N : floor).
set -euo pipefail
cd "$(dirname "$0")/../.."
files=()
for f in app/ui/screen_*.c app/ui/overlays.c app/ui/widgets.c app/ui/keyboard.c \
    app/ui/pin_pad.c app/ui/prefs_panel.c app/ui/offline_strip.c; do
    files+=("$f")
done
[ "${#files[@]}" -gt 20 ] || { echo "FAIL: screens not found (${#files[@]} files)"; exit 1; }
perl -e '
    my $bad = 0;
    # the argument before a face (FONT_..., or a choice of faces) or a button style
    my $size_of = qr/\s*,\s*(?:[^,;()]*\?\s*)?(?:FONT_|BUTTON_)/;
    for my $f (@ARGV) {
        open my $fh, "<", $f or die "$f: $!";
        local $/;
        my $src = <$fh>;
        close $fh;
        my $at = 0;
        # one function at a time (a closing brace in the first column ends one)
        for my $fn (split /(?<=\n\})\n/, $src) {
            my %vars;
            $vars{$1} = 1 while $fn =~ /\b(\w+)\s*=\s*canvas_px\(cv,\s*[0-9.]+\)\s*[;<>]/g;
            my @hits;
            push @hits, [$-[0], $1] while $fn =~ /(canvas_px\(cv,\s*[0-9.]+\))$size_of/g;
            for my $v (keys %vars) {
                push @hits, [$-[0], $v] while $fn =~ /\b\Q$v\E$size_of/g;
            }
            for my $h (@hits) {
                my $line = $at + 1 + (substr($fn, 0, $h->[0]) =~ tr/\n//);
                print "$f:$line: a font size given as $h->[1]\n";
                $bad++;
            }
            $at += 1 + ($fn =~ tr/\n//);
        }
    }
    exit($bad ? 1 : 0);
' "${files[@]}" || {
    echo "FAIL: screens set words in sizes outside the type scale (above)"
    exit 1
}
echo "screens size their words from the type scale (${#files[@]} files)"
