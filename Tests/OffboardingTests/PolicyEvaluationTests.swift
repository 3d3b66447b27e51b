import Offboarding
import Testing
