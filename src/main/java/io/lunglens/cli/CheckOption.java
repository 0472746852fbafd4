package io.lunglens.cli;

import io.lunglens.model.EvidenceMethod;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --check fast|thorough}: how the shortcut check measures the evidence, the same for evaluate and predict. */
final class CheckOption {

    @Option(names = "--check", paramLabel = "fast|thorough", defaultValue = "fast", converter = Converter.class,
            description = "How the shortcut check finds where the evidence lies: fast = "
                    + EvidenceMethod.FAST_DESCRIPTION + "; thorough = " + EvidenceMethod.THOROUGH_DESCRIPTION
                    + ", which also shows where inside each region (default: ${DEFAULT-VALUE}).")
    EvidenceMethod method;

    static final class Converter implements ITypeConverter<EvidenceMethod> {
        @Override
        public EvidenceMethod convert(String value) {
            return EvidenceMethod.ofOption(value);
        }
    }
}
